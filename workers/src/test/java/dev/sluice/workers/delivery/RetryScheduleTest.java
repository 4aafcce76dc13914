package dev.sluice.workers.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.config.DeliveryPolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
  static DeliveryPolicy policy(DeliveryPolicy.BackoffPolicy p, int retry, Duration maxRetry) {
    return new DeliveryPolicy(
        retry, p, Duration.ofMillis(100), Duration.ofSeconds(1), maxRetry, true);
  }

  @Test
  void exponentialBackoffDoublesUpToMaxBackoff() {
    RetrySchedule s =
        new RetrySchedule(
            policy(DeliveryPolicy.BackoffPolicy.EXPONENTIAL, 30, Duration.ofHours(1)));
    assertThat(s.backoff(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(s.backoff(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(s.backoff(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(s.backoff(5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.backoff(200)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void linearBackoffGrowsByTheDelay() {
    RetrySchedule s =
        new RetrySchedule(policy(DeliveryPolicy.BackoffPolicy.LINEAR, 30, Duration.ofHours(1)));
    assertThat(s.backoff(3)).isEqualTo(Duration.ofMillis(300));
    assertThat(s.backoff(50)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void jitterStaysBetweenHalfAndAllOfTheDelay() {
    for (int i = 0; i < 1000; i++) {
      Duration d = RetrySchedule.jittered(Duration.ofMillis(400));
      assertThat(d).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    }
  }

  @Test
  void givesUpAfterTheRetryCountOrPastMaxRetryDuration() {
    RetrySchedule s =
        new RetrySchedule(
            policy(DeliveryPolicy.BackoffPolicy.EXPONENTIAL, 3, Duration.ofSeconds(10)));
    Instant first = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(s.next(3, first, first, null)).isNotNull();
    assertThat(s.next(4, first, first, null)).isNull();
    assertThat(s.next(1, first, first.plusSeconds(10), null)).isNull();
  }

  @Test
  void retryAfterWinsOverBackoffButNotOverMaxRetryDuration() {
    RetrySchedule s =
        new RetrySchedule(
            policy(DeliveryPolicy.BackoffPolicy.EXPONENTIAL, 30, Duration.ofSeconds(10)));
    Instant first = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(s.next(1, first, first, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    assertThat(s.next(1, first, first, Duration.ofSeconds(11))).isNull();
  }
}
