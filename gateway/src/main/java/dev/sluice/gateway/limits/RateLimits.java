package dev.sluice.gateway.limits;

import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.SourceRoute;
import dev.sluice.gateway.auth.RouteTable;
import dev.sluice.gateway.http.ApiError;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The buckets of every rate-limited Source; a reload keeps a bucket whose rate did not change. */
public final class RateLimits {
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final TokenBucket.NanoClock clock;

  public RateLimits(TokenBucket.NanoClock clock) {
    this.clock = clock;
  }

  public void update(GatewayConfig config) {
    Map<String, Integer> rates = new java.util.HashMap<>();
    for (SourceRoute source : config.sources()) {
      int rate = RouteTable.limitsOf(source).eventsPerSecond();
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

  /** Throws a 429 with {@code Retry-After} when the Source is over its rate. */
  public void take(SourceRoute source, int messages) throws ApiError {
    if (messages == 0) {
      return;
    }
    TokenBucket bucket = buckets.get(key(source));
    if (bucket == null) {
      return;
    }
    int wait = bucket.tryTake(messages);
    if (wait > 0) {
      throw new ApiError(
          429,
          "rate_limited",
          "Source " + source.name() + " is over its rate of " + (int) bucket.rate() + " events/s",
          wait);
    }
  }

  private static String key(SourceRoute source) {
    return source.namespace() + "/" + source.name();
  }
}
