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
  public DeliveryPolicy {
    Required.field("delivery", "backoffPolicy", backoffPolicy);
    Required.field("delivery", "backoffDelay", backoffDelay);
    Required.field("delivery", "maxBackoff", maxBackoff);
    Required.field("delivery", "maxRetryDuration", maxRetryDuration);
  }

  public enum BackoffPolicy {
    EXPONENTIAL,
    LINEAR
  }
}
