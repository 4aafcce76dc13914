package dev.sluice.api.message;

/**
 * What the gateway knows about the request beyond its body.
 *
 * @param clientIp the client's address (from the connection or a trusted X-Forwarded-For), set as
 *     {@code context.ip} unless the message has one; null to leave it unset
 */
public record IngestContext(String clientIp) {}
