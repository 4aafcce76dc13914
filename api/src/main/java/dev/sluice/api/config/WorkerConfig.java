package dev.sluice.api.config;

import java.time.Duration;
import java.util.List;

/**
 * Everything one Destination's worker needs: its resolved settings (with the secret values it uses
 * and no others), its delivery policy, and the Connections feeding it.
 *
 * @param eventsPerSecond 0 means unlimited
 * @param deduplicationWindow {@link Duration#ZERO} turns duplicate suppression off
 */
public record WorkerConfig(
    String namespace,
    String destination,
    String integrationName,
    String consumerGroup,
    String deadLetterTopic,
    DestinationSettings settings,
    DeliveryPolicy delivery,
    int eventsPerSecond,
    int concurrency,
    Ordering ordering,
    Duration deduplicationWindow,
    int deduplicationMaxEntries,
    List<ConnectionConfig> connections) {
  public WorkerConfig {
    String where =
        "worker configuration of "
            + Required.field("worker configuration", "destination", destination);
    Required.field(where, "namespace", namespace);
    Required.field(where, "integrationName", integrationName);
    Required.field(where, "consumerGroup", consumerGroup);
    Required.field(where, "deadLetterTopic", deadLetterTopic);
    Required.field(where, "settings", settings);
    Required.field(where, "delivery", delivery);
    Required.field(where, "ordering", ordering);
    Required.field(where, "deduplicationWindow", deduplicationWindow);
    connections = List.copyOf(Required.field(where, "connections", connections));
  }

  /** Whether messages of one user key must reach the destination in order. */
  public enum Ordering {
    KEY,
    NONE
  }
}
