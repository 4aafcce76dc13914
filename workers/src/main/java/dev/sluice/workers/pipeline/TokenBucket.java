package dev.sluice.workers.pipeline;

/**
 * A token bucket of {@code ratePerSecond} tokens a second holding up to one second's worth, so
 * bursts are bounded. Zero means unlimited. Not thread-safe: used on the pipeline's context.
 */
final class TokenBucket {
  private double rate;
  private double tokens;
  private long lastNanos = System.nanoTime();

  TokenBucket(int ratePerSecond) {
    setRate(ratePerSecond);
    tokens = capacity();
  }

  void setRate(int ratePerSecond) {
    refill();
    this.rate = ratePerSecond;
    tokens = Math.min(tokens, capacity());
  }

  boolean unlimited() {
    return rate <= 0;
  }

  /**
   * Takes {@code n} tokens when there are enough (a unit larger than the bucket needs a full one).
   *
   * @return 0 when taken, else the milliseconds to wait before asking again
   */
  long tryTake(int n) {
    if (unlimited()) {
      return 0;
    }
    refill();
    double need = Math.min(n, capacity());
    if (tokens >= need) {
      tokens -= n;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((need - tokens) * 1000.0 / rate));
  }

  private double capacity() {
    return Math.max(1, rate);
  }

  private void refill() {
    long now = System.nanoTime();
    if (rate > 0) {
      tokens = Math.min(capacity(), tokens + (now - lastNanos) * rate / 1e9);
    }
    lastNanos = now;
  }
}
