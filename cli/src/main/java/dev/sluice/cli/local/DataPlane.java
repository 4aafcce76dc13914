package dev.sluice.cli.local;

import dev.sluice.api.compiler.Compilation;
import dev.sluice.gateway.Gateway;
import dev.sluice.gateway.GatewayOptions;
import dev.sluice.runtime.ReadinessCheck;
import dev.sluice.runtime.kafka.KafkaSettings;
import dev.sluice.workers.WorkerOptions;
import dev.sluice.workers.Workers;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The gateway and every Destination's pipeline, in this process, fed from one compilation. */
final class DataPlane implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 60;

  private final Gateway gateway;
  private final Workers workers;
  private final ActionsRuntime actions;

  private DataPlane(Gateway gateway, Workers workers, ActionsRuntime actions) {
    this.gateway = gateway;
    this.workers = workers;
    this.actions = actions;
  }

  static DataPlane start(
      Vertx vertx,
      String host,
      int port,
      String bootstrapServers,
      Compilation compilation,
      MeterRegistry registry)
      throws Exception {
    KafkaSettings kafka = KafkaSettings.of(bootstrapServers);
    ActionsRuntime actions = new ActionsRuntime();
    // Before anything else starts: a missing Node.js is a clear error, not a failing pipeline.
    actions.ensure(compilation);
    Gateway gateway;
    try {
      gateway =
          Gateway.start(
                  vertx,
                  GatewayOptions.builder(kafka).host(host).port(port).build(),
                  compilation.gateway(),
                  registry)
              .await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      actions.close();
      throw e;
    }
    try {
      Workers workers =
          Workers.start(
                  vertx,
                  WorkerOptions.builder(kafka).actionsRuntime(actions.url()).build(),
                  compilation.workers(),
                  registry)
              .await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return new DataPlane(gateway, workers, actions);
    } catch (Exception e) {
      gateway.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      actions.close();
      throw e;
    }
  }

  int gatewayPort() {
    return gateway.port();
  }

  List<ReadinessCheck> readiness() {
    return List.of(gateway.readiness(), workers.readiness());
  }

  /** Routes first, then pipelines: a new Source's messages are logged before anyone reads them. */
  void update(Compilation compilation) throws Exception {
    actions.ensure(compilation);
    gateway.update(compilation.gateway());
    workers.update(compilation.workers()).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Stops the gateway and the pipelines at once. Nothing depends on the order: what the gateway
   * still logs while pipelines stop is delivered after the next start. Stopping them one after the
   * other would leave deliveries being retried during the gateway's grace period, long enough for a
   * short retry policy to dead-letter them on the way out.
   */
  @Override
  public void close() throws Exception {
    Future<Void> gatewayClosed = gateway.close();
    Future<Void> workersClosed = workers.close();
    try {
      Future.join(gatewayClosed, workersClosed).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } finally {
      actions.close();
    }
  }
}
