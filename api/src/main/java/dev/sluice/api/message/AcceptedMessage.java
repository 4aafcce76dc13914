package dev.sluice.api.message;

/**
 * A message that passed validation, enriched and serialised for the log.
 *
 * @param index position in the request's batch (0 for a single message)
 * @param key the Kafka record key: userId, else anonymousId, as a string
 * @param messageId the message's messageId (the client's or a generated one)
 * @param json the enriched message as UTF-8 JSON
 */
public record AcceptedMessage(
    int index, MessageType type, String key, String messageId, byte[] json) {}
