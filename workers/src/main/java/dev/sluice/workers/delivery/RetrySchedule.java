package dev.sluice.workers.delivery;

import dev.sluice.api.config.DeliveryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a failed unit again, per the Destination's delivery policy: exponential or linear
 * backoff capped at maxBackoff, with jitter so that many stalled keys do not retry in lockstep, and
 * the destination's {@code Retry-After} honoured. Null means give up: dead-letter.
 */
public final class RetrySchedule {
  private final DeliveryPolicy policy;

  public RetrySchedule(DeliveryPolicy policy) {
    this.policy = policy;
  }

  /**
   * @param attempts attempts made so far (1 after the first failure)
   * @return the delay before the next attempt, or null when the retry budget is spent
   */
  public Duration next(int attempts, Instant firstAttempt, Instant now, Duration retryAfter) {
    if (attempts > policy.retry()) {
      return null;
    }
    Duration delay = retryAfter != null ? retryAfter : jittered(backoff(attempts));
    if (now.plus(delay).isAfter(firstAttempt.plus(policy.maxRetryDuration()))) {
      return null;
    }
    return delay;
  }

  Duration backoff(int attempts) {
    long base = Math.max(1, policy.backoffDelay().toMillis());
    long max = Math.max(base, policy.maxBackoff().toMillis());
    long millis =
        switch (policy.backoffPolicy()) {
          case EXPONENTIAL -> attempts >= 62 ? max : base * (1L << Math.min(attempts - 1, 40));
          case LINEAR -> base * attempts;
        };
    return Duration.ofMillis(millis < 0 ? max : Math.min(millis, max));
  }

  /** Between half and all of the delay ("equal jitter"): never much sooner than asked. */
  static Duration jittered(Duration delay) {
    long millis = delay.toMillis();
    long half = millis / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(millis - half + 1));
  }
}
