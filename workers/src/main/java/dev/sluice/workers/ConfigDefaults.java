package dev.sluice.workers;

import dev.sluice.api.config.DeliveryPolicy;
import dev.sluice.api.config.WorkerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Fills what a hand-written or older configuration file leaves out, and rejects what no default can
 * fix, with a message naming the field.
 */
final class ConfigDefaults {
  private ConfigDefaults() {}

  static WorkerConfig normalize(WorkerConfig c) {
    String where =
        "worker configuration" + (c.destination() == null ? "" : " of " + c.destination());
    require(c.namespace(), where, "namespace");
    require(c.destination(), where, "destination");
    require(c.consumerGroup(), where, "consumerGroup");
    require(c.deadLetterTopic(), where, "deadLetterTopic");
    require(c.settings(), where, "settings");
    return new WorkerConfig(
        c.namespace(),
        c.destination(),
        c.integrationName(),
        c.consumerGroup(),
        c.deadLetterTopic(),
        c.settings(),
        Objects.requireNonNullElse(c.delivery(), DeliveryPolicy.DEFAULTS),
        Math.max(0, c.eventsPerSecond()),
        c.concurrency() <= 0 ? 16 : c.concurrency(),
        Objects.requireNonNullElse(c.ordering(), WorkerConfig.Ordering.KEY),
        Objects.requireNonNullElse(c.deduplicationWindow(), Duration.ZERO),
        c.deduplicationMaxEntries() <= 0 ? 100_000 : c.deduplicationMaxEntries(),
        c.connections() == null ? List.of() : c.connections());
  }

  private static void require(Object value, String where, String field) {
    if (value == null) {
      throw new IllegalArgumentException(where + ": " + field + " is required");
    }
  }
}
