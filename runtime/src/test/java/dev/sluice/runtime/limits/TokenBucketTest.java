package dev.sluice.runtime.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  final AtomicLong now = new AtomicLong();
  final TokenBucket bucket = new TokenBucket(10, now::get);

  @Test
  void allowsOneSecondOfTheRateThenAsksToWait() {
    assertThat(bucket.tryTake(10)).isZero();
    assertThat(bucket.tryTake(1)).isEqualTo(100_000_000L);
    now.addAndGet(500_000_000L);
    assertThat(bucket.tryTake(5)).isZero();
    assertThat(seconds(bucket.tryTake(5))).isEqualTo(1);
  }

  @Test
  void aBatchLargerThanTheBucketPassesWhenFullAndLeavesDebt() {
    assertThat(bucket.tryTake(30)).isZero();
    now.addAndGet(1_000_000_000L);
    // 20 tokens of debt minus 10 refilled, plus the one wanted: 1.1 s before the next message.
    assertThat(bucket.tryTake(1)).isEqualTo(1_100_000_000L);
    assertThat(seconds(bucket.tryTake(1))).isEqualTo(2);
    now.addAndGet(3_000_000_000L);
    assertThat(bucket.tryTake(1)).isZero();
  }

  @Test
  void zeroIsUnlimitedAndSmallRatesStillHoldOneToken() {
    assertThat(new TokenBucket(0, now::get).tryTake(1_000_000)).isZero();
    TokenBucket half = new TokenBucket(0.5, now::get);
    assertThat(half.tryTake(1)).isZero();
    assertThat(TokenBucket.ceil(half.tryTake(1), TimeUnit.MILLISECONDS)).isEqualTo(2000);
  }

  private static long seconds(long nanos) {
    return TokenBucket.ceil(nanos, TimeUnit.SECONDS);
  }
}
