package dev.sluice.operator.kafka;

/** Kafka refused or did not answer; the message says what the operator tried, for a status. */
public final class TopicException extends Exception {
  public TopicException(String message, Throwable cause) {
    super(message, cause);
  }
}
