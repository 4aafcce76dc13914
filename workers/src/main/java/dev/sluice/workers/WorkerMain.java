package dev.sluice.workers;

import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.runtime.ConfigFile;
import dev.sluice.runtime.ManagementServer;
import dev.sluice.runtime.process.DataPlaneOptions;
import dev.sluice.runtime.process.DataPlaneProcess;
import dev.sluice.workers.status.WorkerStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The worker container's entry point: one Destination's pipeline, from the {@link WorkerConfig} in
 * {@code SLUICE_CONFIG} (hot-reloaded). Settings come from options or environment variables, the
 * same convention as the gateway's ({@link DataPlaneOptions}).
 */
public final class WorkerMain {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

  private WorkerMain() {}

  /** The command line. */
  @Command(name = "sluice-worker", description = "Delivers one Sluice Destination.")
  static final class Args implements DataPlaneProcess.Command {
    @Mixin private DataPlaneOptions common = new DataPlaneOptions();

    @Option(
        names = "--instance-id",
        defaultValue = "${env:SLUICE_INSTANCE_ID}",
        paramLabel = "NAME",
        description =
            "This process's lasting name in its consumer group, unique among the Destination's"
                + " replicas: the pod's name, so that a restarted container takes its partitions"
                + " back at once (env SLUICE_INSTANCE_ID; unset: a dynamic member).")
    private String instanceId;

    @Option(
        names = "--actions-runtime",
        defaultValue = "${env:SLUICE_ACTIONS_RUNTIME_URL}",
        paramLabel = "URL",
        description =
            "The actions runtime beside this worker, for Destinations of type actions (env"
                + " SLUICE_ACTIONS_RUNTIME_URL; unset: http://127.0.0.1:9191).")
    private String actionsRuntime;

    @Override
    public DataPlaneOptions common() {
      return common;
    }
  }

  /** A running worker process; closing it shuts down gracefully. */
  public static final class Running implements DataPlaneProcess.Running {
    private final Vertx vertx;
    private final Workers workers;
    private final ManagementServer management;
    private final ConfigFile<WorkerConfig> file;

    private Running(
        Vertx vertx, Workers workers, ManagementServer management, ConfigFile<WorkerConfig> file) {
      this.vertx = vertx;
      this.workers = workers;
      this.management = management;
      this.file = file;
    }

    public int managementPort() {
      return management.port();
    }

    @Override
    public void close() {
      file.stop(vertx);
      try {
        workers.close().await(60, TimeUnit.SECONDS);
        management.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("shutdown was not clean: {}", e.toString());
      } finally {
        vertx.close();
      }
    }
  }

  public static void main(String[] args) {
    DataPlaneProcess.main("sluice-worker", new Args(), args, WorkerMain::start);
  }

  /** Starts everything; for tests and {@link #main}. */
  public static Running start(String... args) throws Exception {
    return start(DataPlaneProcess.parse(new Args(), args));
  }

  static Running start(Args args) throws Exception {
    DataPlaneOptions common = args.common();
    ConfigFile<WorkerConfig> file =
        new ConfigFile<>(common.config(), bytes -> ConfigJson.read(bytes, WorkerConfig.class));
    WorkerConfig config = file.load();
    WorkerOptions options =
        WorkerOptions.builder(common.kafka())
            .instanceId(args.instanceId)
            .actionsRuntime(args.actionsRuntime)
            .build();
    Vertx vertx = Vertx.vertx();
    try {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      Workers workers =
          Workers.start(vertx, options, List.of(config), registry).await(120, TimeUnit.SECONDS);
      ManagementServer management =
          new ManagementServer(registry)
              .addReadinessCheck(workers.readiness())
              .addReadinessCheck(file.readiness())
              // Notices for the operator's Destination status (decision 0144).
              .document("/status", new WorkerStatus(registry)::json);
      management.start(vertx, common.host(), common.managementPort()).await(30, TimeUnit.SECONDS);
      file.watch(
          vertx,
          1000,
          next ->
              workers
                  .update(List.of(next))
                  .onFailure(e -> LOG.warn("configuration not applied: {}", e.getMessage())));
      LOG.info(
          "worker for {} ready; management on port {}", config.destination(), management.port());
      return new Running(vertx, workers, management, file);
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }
}
