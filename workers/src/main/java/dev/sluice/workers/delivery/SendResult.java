package dev.sluice.workers.delivery;

import java.time.Duration;

/** The outcome of one attempt to hand a unit to a destination. */
public sealed interface SendResult {
  Delivered DELIVERED = new Delivered();

  record Delivered() implements SendResult {}

  /**
   * Worth another try (408, 429, 5xx, timeouts, connection errors).
   *
   * @param status the HTTP status, or 0 when there was no answer
   * @param retryAfter what the destination asked for, or null
   */
  record Retryable(int status, String error, Duration retryAfter) implements SendResult {}

  /** Will never succeed as it is (other 4xx, a record too large): dead-letter at once. */
  record Rejected(int status, String error) implements SendResult {}
}
