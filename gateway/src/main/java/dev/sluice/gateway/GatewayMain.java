package dev.sluice.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.runtime.ConfigFile;
import dev.sluice.runtime.ManagementServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container entry point: {@code --config FILE} (reloaded when it changes), {@code --port 8080},
 * {@code --management-port 9090}, {@code --kafka host:port}, {@code --trusted-proxy CIDR}
 * (repeatable), {@code --producer-property name=value} (repeatable: Kafka security, compression),
 * {@code --host}. {@code SLUICE_LOG_FORMAT=JSON} logs one JSON object a line.
 */
public final class GatewayMain {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

  private GatewayMain() {}

  /** Parsed command line. */
  record Args(
      Path config,
      String host,
      int port,
      int managementPort,
      String kafka,
      List<String> trustedProxies,
      java.util.Map<String, Object> producerProperties) {
    /** Producer properties can hold credentials (sasl.jaas.config): only their names are shown. */
    @Override
    public String toString() {
      return "Args[config="
          + config
          + ", host="
          + host
          + ", port="
          + port
          + ", managementPort="
          + managementPort
          + ", kafka="
          + kafka
          + ", trustedProxies="
          + trustedProxies
          + ", producerProperties="
          + producerProperties.keySet()
          + "]";
    }

    static Args parse(String[] argv) {
      Path config = null;
      String host = "0.0.0.0";
      int port = 8080;
      int managementPort = 9090;
      String kafka = System.getenv().getOrDefault("SLUICE_KAFKA", "localhost:9092");
      List<String> proxies = new ArrayList<>();
      java.util.Map<String, Object> producer = new java.util.LinkedHashMap<>();
      for (int i = 0; i < argv.length; i++) {
        String name = argv[i];
        if (i + 1 >= argv.length) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        String value = argv[++i];
        switch (name) {
          case "--config" -> config = Path.of(value);
          case "--host" -> host = value;
          case "--port" -> port = Integer.parseInt(value);
          case "--management-port" -> managementPort = Integer.parseInt(value);
          case "--kafka" -> kafka = value;
          case "--trusted-proxy" -> proxies.add(value);
          case "--producer-property" -> {
            int eq = value.indexOf('=');
            if (eq <= 0) {
              throw new IllegalArgumentException("--producer-property needs name=value");
            }
            producer.put(value.substring(0, eq), value.substring(eq + 1));
          }
          default -> throw new IllegalArgumentException("unknown option " + name);
        }
      }
      if (config == null) {
        throw new IllegalArgumentException("--config FILE is required");
      }
      return new Args(config, host, port, managementPort, kafka, proxies, producer);
    }
  }

  /** The compiled configuration's one JSON form (shared with the operator and the compiler). */
  public static ObjectMapper configMapper() {
    return ConfigJson.mapper();
  }

  public static void main(String[] argv) throws Exception {
    Args args;
    try {
      args = Args.parse(argv);
    } catch (IllegalArgumentException e) {
      System.err.println("sluice-gateway: " + e.getMessage());
      System.err.println(
          "usage: --config FILE [--port 8080] [--management-port 9090] [--kafka host:port]"
              + " [--trusted-proxy CIDR]... [--producer-property name=value]... [--host 0.0.0.0]");
      System.exit(2);
      return;
    }
    Running running = run(args);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping: finishing requests in flight");
                  running.close();
                  stopped.countDown();
                },
                "sluice-gateway-stop"));
    stopped.await();
  }

  /** Starts the gateway, the management port and the configuration watch. */
  static Running run(Args args) throws Exception {
    ConfigFile<GatewayConfig> file =
        new ConfigFile<>(args.config(), GatewayConfig.class, configMapper());
    GatewayConfig config = file.load();
    Vertx vertx = Vertx.vertx();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    GatewayOptions options =
        GatewayOptions.defaults(args.kafka())
            .withHost(args.host())
            .withPort(args.port())
            .withTrustedProxies(args.trustedProxies())
            .withProducerOverrides(args.producerProperties());
    Gateway gateway = Gateway.start(vertx, options, config, registry).await(60, TimeUnit.SECONDS);
    ManagementServer management = new ManagementServer(registry);
    management.addReadinessCheck(gateway.readiness());
    management.start(vertx, args.host(), args.managementPort()).await(30, TimeUnit.SECONDS);
    file.watch(vertx, 1000, gateway::update);
    LOG.info("traffic on port {}, management on port {}", gateway.port(), management.port());
    return new Running(vertx, gateway, management, file);
  }

  /** A started gateway process. */
  record Running(
      Vertx vertx, Gateway gateway, ManagementServer management, ConfigFile<GatewayConfig> file) {
    void close() {
      file.stop(vertx);
      try {
        gateway
            .close()
            .compose(v -> management.close())
            .compose(v -> vertx.close())
            .await(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("unclean stop: {}", e.toString());
      }
    }
  }
}
