package dev.sluice.gateway.limits;

/**
 * A token bucket holding one second of the rate. A request takes as many tokens as it has messages;
 * a batch bigger than the bucket may go into debt when the bucket is full, so it is not refused
 * forever, and later requests wait for the debt to be paid.
 */
public final class TokenBucket {
  private final double ratePerSecond;
  private final double capacity;
  private final NanoClock clock;
  private double tokens;
  private long lastRefill;

  /** A source of {@link System#nanoTime()}, replaceable in tests. */
  public interface NanoClock {
    long nanoTime();
  }

  public TokenBucket(double ratePerSecond, NanoClock clock) {
    this.ratePerSecond = ratePerSecond;
    this.capacity = ratePerSecond;
    this.clock = clock;
    this.tokens = capacity;
    this.lastRefill = clock.nanoTime();
  }

  public double rate() {
    return ratePerSecond;
  }

  /** Takes {@code count} tokens and returns 0, or takes none and returns the seconds to wait. */
  public synchronized int tryTake(int count) {
    long now = clock.nanoTime();
    tokens = Math.min(capacity, tokens + (now - lastRefill) / 1e9 * ratePerSecond);
    lastRefill = now;
    double needed = Math.min(count, capacity);
    if (tokens >= needed) {
      tokens -= count;
      return 0;
    }
    return (int) Math.max(1, Math.ceil((needed - tokens) / ratePerSecond));
  }
}
