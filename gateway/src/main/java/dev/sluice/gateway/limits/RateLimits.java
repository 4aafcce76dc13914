package dev.sluice.gateway.limits;

import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.SourceConfig;
import dev.sluice.runtime.limits.TokenBucket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The buckets of every rate-limited Source; a reload keeps a bucket whose rate did not change. */
public final class RateLimits {
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final TokenBucket.NanoClock clock;

  public RateLimits(TokenBucket.NanoClock clock) {
    this.clock = clock;
  }

  public void update(GatewayConfig config) {
    Map<String, Integer> rates = new java.util.HashMap<>();
    for (SourceConfig source : config.sources()) {
      int rate = source.limits().eventsPerSecond();
      if (rate > 0) {
        rates.put(key(source), rate);
      }
    }
    buckets.keySet().removeIf(k -> !rates.containsKey(k));
    rates.forEach(
        (k, rate) -> {
          TokenBucket current = buckets.get(k);
          if (current == null || current.rate() != rate) {
            buckets.put(k, new TokenBucket(rate, clock));
          }
        });
  }

  /**
   * Takes tokens for {@code messages}; 0 when the Source may send them now, else how many seconds
   * it should wait.
   */
  public int take(SourceConfig source, int messages) {
    if (messages == 0) {
      return 0;
    }
    TokenBucket bucket = buckets.get(key(source));
    return bucket == null ? 0 : (int) TokenBucket.ceil(bucket.tryTake(messages), TimeUnit.SECONDS);
  }

  private static String key(SourceConfig source) {
    return source.namespace() + "/" + source.name();
  }
}
