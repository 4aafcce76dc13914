package dev.sluice.operator.reconcile;

import dev.sluice.operator.events.Events;
import dev.sluice.operator.kafka.TopicChange;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** An Event for each topic that was created or changed, or could not be. */
final class TopicEvents {
  private TopicEvents() {}

  static void record(
      KubernetesClient client, Events events, HasMetadata about, List<TopicChange> changes) {
    for (TopicChange change : changes) {
      switch (change.kind()) {
        case CREATED -> events.normal(client, about, "TopicCreated", change.message());
        case UPDATED -> events.normal(client, about, "TopicUpdated", change.message());
        case CANNOT_SHRINK ->
            events.warning(client, about, "PartitionsCannotShrink", change.message());
        case UNCHANGED -> {}
      }
    }
  }
}
