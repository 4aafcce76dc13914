package dev.sluice.api.message;

/**
 * A message that failed validation; the rest of its request is unaffected.
 *
 * @param index position in the request's batch (0 for a single message)
 * @param code Segment-style code, e.g. {@code event_not_defined}
 * @param message what is wrong, for a person
 * @param original the item as received (with any writeKey removed), as UTF-8 JSON
 */
public record RejectedMessage(int index, ErrorCode code, String message, byte[] original) {}
