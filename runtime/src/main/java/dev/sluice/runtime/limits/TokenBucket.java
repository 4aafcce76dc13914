package dev.sluice.runtime.limits;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket of {@code ratePerSecond} tokens a second holding one second's worth (at least one
 * token), so bursts are bounded; a rate of zero or less is unlimited. A take larger than the bucket
 * passes when the bucket is full and leaves a debt, so it is not refused forever, and later takes
 * wait for the debt to be paid. Used by the gateway per Source and by each worker pipeline.
 */
public final class TokenBucket {
  private final double rate;
  private final double capacity;
  private final NanoClock clock;
  private double tokens;
  private long lastRefill;

  /** A source of {@link System#nanoTime()}, replaceable in tests. */
  @FunctionalInterface
  public interface NanoClock {
    long nanoTime();
  }

  public TokenBucket(double ratePerSecond) {
    this(ratePerSecond, System::nanoTime);
  }

  public TokenBucket(double ratePerSecond, NanoClock clock) {
    this.rate = ratePerSecond;
    this.capacity = Math.max(1, ratePerSecond);
    this.clock = clock;
    this.tokens = capacity;
    this.lastRefill = clock.nanoTime();
  }

  public double rate() {
    return rate;
  }

  public boolean unlimited() {
    return rate <= 0;
  }

  /**
   * Takes {@code count} tokens and returns 0, or takes none and returns how long to wait before
   * asking again, in nanoseconds (at least 1).
   */
  public synchronized long tryTake(int count) {
    if (unlimited()) {
      return 0;
    }
    long now = clock.nanoTime();
    tokens = Math.min(capacity, tokens + (now - lastRefill) / 1e9 * rate);
    lastRefill = now;
    double needed = Math.min(count, capacity);
    if (tokens >= needed) {
      tokens -= count;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((needed - tokens) / rate * 1e9));
  }

  /** {@link #tryTake} rounded up to whole units, at least 1 when there is a wait. */
  public static long ceil(long nanos, TimeUnit unit) {
    if (nanos <= 0) {
      return 0;
    }
    long perUnit = unit.toNanos(1);
    return (nanos + perUnit - 1) / perUnit;
  }
}
