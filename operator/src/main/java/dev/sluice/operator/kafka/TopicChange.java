package dev.sluice.operator.kafka;

/**
 * What reconciling one topic did, for events and logs.
 *
 * @param message for a person, e.g. "partitions 3 → 6"
 */
public record TopicChange(String topic, Kind kind, String message) {
  public enum Kind {
    CREATED,
    UPDATED,
    UNCHANGED,
    /** The spec asks for fewer partitions than the topic has: Kafka cannot shrink a topic. */
    CANNOT_SHRINK
  }
}
