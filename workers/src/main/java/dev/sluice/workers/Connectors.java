package dev.sluice.workers;

import dev.sluice.api.config.ActionsSettings;
import dev.sluice.api.config.DestinationSettings;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.runtime.kafka.KafkaClients;
import dev.sluice.workers.actions.ActionsConnector;
import dev.sluice.workers.archive.ArchiveConnector;
import dev.sluice.workers.delivery.Connector;
import dev.sluice.workers.kafka.KafkaConnector;
import dev.sluice.workers.pipeline.Pipeline;
import dev.sluice.workers.warehouse.WarehouseConnector;
import dev.sluice.workers.warehouse.WarehouseMetrics;
import dev.sluice.workers.webhook.WebhookConnector;
import dev.sluice.workers.webhook.WebhookMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** Builds the connector for a Destination's type. */
final class Connectors implements Pipeline.ConnectorFactory {
  private final MeterRegistry registry;

  Connectors(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Connector create(
      Vertx vertx, Context context, WorkerConfig config, WorkerOptions options) {
    DestinationSettings settings = config.settings();
    if (settings instanceof DestinationSettings.Webhook w) {
      return new WebhookConnector(
          vertx,
          w,
          config.concurrency(),
          new WebhookMetrics(registry, config.namespace(), config.destination()));
    } else if (settings instanceof DestinationSettings.Kafka k) {
      return new KafkaConnector(
          config.destination(),
          k,
          KafkaClients.destinationProducer(
              options.kafka(), k.bootstrapServers(), k.properties(), config.destination()));
    } else if (settings instanceof DestinationSettings.Archive a) {
      return new ArchiveConnector(vertx, context, a);
    } else if (settings instanceof DestinationSettings.Warehouse w) {
      return new WarehouseConnector(
          vertx,
          context,
          w,
          new WarehouseMetrics(registry, config.namespace(), config.destination()),
          config.namespace() + "-" + config.destination());
    } else if (settings instanceof ActionsSettings a) {
      return new ActionsConnector(
          vertx,
          a,
          options.actionsRuntime(),
          config.concurrency(),
          registry,
          config.namespace(),
          config.destination());
    }
    throw new IllegalArgumentException("no connector for " + settings);
  }
}
