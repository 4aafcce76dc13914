package dev.sluice.api.config;

import java.time.Duration;

/**
 * Retries with backoff, then the dead-letter topic. Names follow Knative's delivery spec.
 *
 * @param retry how many retries after the first attempt
 */
public record DeliveryPolicy(
    int retry,
    BackoffPolicy backoffPolicy,
    Duration backoffDelay,
    Duration maxBackoff,
    Duration maxRetryDuration,
    boolean deadLetterEnabled) {

  public enum BackoffPolicy {
    EXPONENTIAL,
    LINEAR
  }

  public static final DeliveryPolicy DEFAULTS =
      new DeliveryPolicy(
          30,
          BackoffPolicy.EXPONENTIAL,
          Duration.ofMillis(500),
          Duration.ofMinutes(5),
          Duration.ofHours(4),
          true);
}
