package dev.sluice.workers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.runtime.ConfigFile;
import dev.sluice.runtime.ManagementServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker container's entry point: {@code --config FILE} (a WorkerConfig as JSON, or an array of
 * them; reloaded when it changes), {@code --management-port 9090}, {@code --kafka host:port}. Logs
 * are JSON with {@code SLUICE_LOG_FORMAT=JSON}.
 */
public final class WorkerMain {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);
  static final String USAGE =
      "usage: worker --config FILE --kafka HOST:PORT [--management-port 9090]";

  /** The parsed command line. */
  record Args(Path config, String kafka, int managementPort) {
    static Args parse(String[] args) {
      Path config = null;
      String kafka = System.getenv("SLUICE_KAFKA_BOOTSTRAP_SERVERS");
      int port = 9090;
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--config" -> config = Path.of(require(args[i], value));
          case "--kafka" -> kafka = require(args[i], value);
          case "--management-port" -> {
            try {
              port = Integer.parseInt(require(args[i], value));
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--management-port must be a number: " + value);
            }
          }
          default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
        }
        i++;
      }
      if (config == null) {
        throw new IllegalArgumentException("--config is required\n" + USAGE);
      }
      if (kafka == null || kafka.isBlank()) {
        throw new IllegalArgumentException("--kafka is required\n" + USAGE);
      }
      return new Args(config, kafka, port);
    }

    private static String require(String option, String value) {
      if (value == null || value.startsWith("--")) {
        throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
      }
      return value;
    }
  }

  /** A running worker process; closing it shuts down gracefully. */
  public static final class Running implements AutoCloseable {
    private final Vertx vertx;
    private final Workers workers;
    private final ManagementServer management;
    private final ConfigFile<JsonNode> file;

    private Running(
        Vertx vertx, Workers workers, ManagementServer management, ConfigFile<JsonNode> file) {
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
        workers.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        management.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("shutdown was not clean: {}", e.toString());
      } finally {
        vertx.close();
      }
    }
  }

  public static void main(String[] args) {
    Args parsed;
    try {
      parsed = Args.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    try {
      Running running = start(parsed);
      Runtime.getRuntime().addShutdownHook(new Thread(running::close, "sluice-shutdown"));
      LOG.info("worker ready to serve; management on port {}", running.managementPort());
    } catch (Exception e) {
      LOG.error("worker could not start: {}", e.getMessage(), e);
      System.exit(1);
    }
  }

  /** Starts everything; for tests and {@link #main}. */
  public static Running start(String[] args) throws Exception {
    return start(Args.parse(args));
  }

  static Running start(Args args) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      ConfigFile<JsonNode> file = new ConfigFile<>(args.config(), JsonNode.class, Json.MAPPER);
      List<WorkerConfig> configs = configs(file.load());
      Workers workers =
          Workers.start(vertx, WorkerOptions.defaults(args.kafka()), configs, registry)
              .toCompletionStage()
              .toCompletableFuture()
              .get(120, TimeUnit.SECONDS);
      ManagementServer management =
          new ManagementServer(registry).addReadinessCheck(workers.readiness());
      management
          .start(vertx, "0.0.0.0", args.managementPort())
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      file.watch(
          vertx,
          2000,
          node -> {
            try {
              workers
                  .update(configs(node))
                  .onFailure(e -> LOG.warn("configuration not applied: {}", e.getMessage()));
            } catch (IOException | RuntimeException e) {
              LOG.warn("configuration not applied, keeping the last good one: {}", e.getMessage());
            }
          });
      return new Running(vertx, workers, management, file);
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  /** One WorkerConfig, or an array of them. */
  static List<WorkerConfig> configs(JsonNode node) throws IOException {
    List<WorkerConfig> configs = new ArrayList<>();
    if (node.isArray()) {
      for (JsonNode n : node) {
        configs.add(Json.MAPPER.treeToValue(n, WorkerConfig.class));
      }
    } else {
      configs.add(Json.MAPPER.treeToValue(node, WorkerConfig.class));
    }
    return configs;
  }
}
