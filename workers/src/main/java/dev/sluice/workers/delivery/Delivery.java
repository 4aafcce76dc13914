package dev.sluice.workers.delivery;

import java.time.Instant;
import org.apache.kafka.common.header.Headers;

/**
 * One message for one Connection, after its filter and transforms.
 *
 * @param key the record's key (userId, else anonymousId); null when it had none
 * @param body the transformed message as UTF-8 JSON
 * @param originalValue the record value as read from the Source topic (dead letters keep it)
 * @param receivedAt when the gateway received it; null when the message does not say
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
    Instant receivedAt) {

  /**
   * A record that is not a message (not JSON, not an object): it goes to no Connection, only to the
   * dead-letter topic, as it was read.
   */
  public static Delivery unreadable(String key, byte[] originalValue, Headers originalHeaders) {
    return new Delivery("", "", key, null, null, new byte[0], originalValue, originalHeaders, null);
  }
}
