package dev.sluice.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  final AtomicLong now = new AtomicLong();
  final TokenBucket bucket = new TokenBucket(10, now::get);

  @Test
  void allowsOneSecondOfTheRateThenAsksToWait() {
    assertThat(bucket.tryTake(10)).isZero();
    assertThat(bucket.tryTake(1)).isEqualTo(1);
    now.addAndGet(500_000_000L);
    assertThat(bucket.tryTake(5)).isZero();
    assertThat(bucket.tryTake(5)).isEqualTo(1);
  }

  @Test
  void aBatchLargerThanTheBucketPassesWhenFullAndLeavesDebt() {
    assertThat(bucket.tryTake(30)).isZero();
    now.addAndGet(1_000_000_000L);
    // 20 tokens of debt minus 10 refilled: three more seconds before the next message.
    assertThat(bucket.tryTake(1)).isEqualTo(2);
    now.addAndGet(3_000_000_000L);
    assertThat(bucket.tryTake(1)).isZero();
  }
}
