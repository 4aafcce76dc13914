package dev.sluice.workers.delivery;

import java.time.Instant;
import org.apache.kafka.common.header.Headers;

/**
 * One message for one Connection, after its filter and transforms.
 *
 * @param body the transformed message as UTF-8 JSON
 * @param originalValue the record value as read from the Source topic (dead letters keep it)
 * @param receivedAt when the gateway received it; null when the message does not say
 * @param token identifies the consumed record this delivery is part of (opaque to connectors)
 */
public record Delivery(
    String connection,
    String source,
    String key,
    String messageId,
    String userId,
    byte[] body,
    byte[] originalValue,
    Headers originalHeaders,
    Instant receivedAt,
    Object token) {}
