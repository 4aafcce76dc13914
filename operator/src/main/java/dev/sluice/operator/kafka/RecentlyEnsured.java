package dev.sluice.operator.kafka;

import dev.sluice.api.config.TopicConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which topic configurations were made to hold a moment ago. A Source is reconciled whenever any
 * Source of its namespace changes (they share the gateway); without this, each of those reconciles
 * would ask Kafka about topics nothing changed. A changed configuration is a new entry and is
 * applied at once; after the time to live the same one is checked again, so a topic deleted behind
 * the operator's back comes back.
 */
public final class RecentlyEnsured {
  private final Clock clock;
  private final Duration ttl;
  private final Map<TopicConfig, Instant> ensured = new ConcurrentHashMap<>();

  public RecentlyEnsured(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  public boolean contains(TopicConfig topic) {
    Instant at = ensured.get(topic);
    return at != null && at.plus(ttl).isAfter(Instant.now(clock));
  }

  /** A deleted topic: the next ensure of it must reach Kafka, not stop here. */
  public void forget(String topic) {
    ensured.keySet().removeIf(t -> t.name().equals(topic));
  }

  public void add(TopicConfig topic) {
    Instant now = Instant.now(clock);
    ensured.put(topic, now);
    // Old configurations and long-gone topics: keep the map small.
    ensured.values().removeIf(at -> !at.plus(ttl).isAfter(now));
  }
}
