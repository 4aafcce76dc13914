package dev.sluice.gateway;

import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.runtime.ConfigFile;
import dev.sluice.runtime.ManagementServer;
import dev.sluice.runtime.process.DataPlaneOptions;
import dev.sluice.runtime.process.DataPlaneProcess;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The gateway container's entry point. Settings come from options or environment variables, the
 * same convention as the workers' ({@link DataPlaneOptions}), plus the traffic port and trusted
 * proxies.
 */
public final class GatewayMain {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

  private GatewayMain() {}

  /** The command line. */
  @Command(name = "sluice-gateway", description = "Sluice's tracking API.")
  static final class Args implements DataPlaneProcess.Command {
    @Mixin private DataPlaneOptions common = new DataPlaneOptions();

    @Option(
        names = "--port",
        defaultValue = "${env:SLUICE_PORT:-8080}",
        description = "Traffic port (env SLUICE_PORT, default ${DEFAULT-VALUE}).")
    private int port;

    @Option(
        names = "--trusted-proxy",
        split = ",",
        defaultValue = "${env:SLUICE_TRUSTED_PROXIES}",
        paramLabel = "CIDR",
        description =
            "Proxies whose X-Forwarded-For is believed; repeatable or comma-separated"
                + " (env SLUICE_TRUSTED_PROXIES).")
    private List<String> trustedProxies = new ArrayList<>();

    @Option(
        names = "--max-reading-requests",
        defaultValue =
            "${env:SLUICE_MAX_READING_REQUESTS:-"
                + GatewayOptions.DEFAULT_MAX_READING_REQUESTS
                + "}",
        paramLabel = "N",
        description =
            "Message-carrying requests read and parsed at once per event loop; more are answered"
                + " 503 overloaded at their headers (env SLUICE_MAX_READING_REQUESTS, default"
                + " ${DEFAULT-VALUE}).")
    private int maxReadingRequests;

    @Override
    public DataPlaneOptions common() {
      return common;
    }

    static Args parse(String... argv) {
      return DataPlaneProcess.parse(new Args(), argv);
    }

    int port() {
      return port;
    }

    int maxReadingRequests() {
      return maxReadingRequests;
    }

    List<String> trustedProxies() {
      return trustedProxies == null ? List.of() : trustedProxies;
    }
  }

  public static void main(String[] argv) {
    DataPlaneProcess.main("sluice-gateway", new Args(), argv, GatewayMain::run);
  }

  /** Starts the gateway, the management port and the configuration watch. */
  static Running run(Args args) throws Exception {
    DataPlaneOptions common = args.common();
    ConfigFile<GatewayConfig> file =
        new ConfigFile<>(common.config(), bytes -> ConfigJson.read(bytes, GatewayConfig.class));
    GatewayConfig config = file.load();
    Vertx vertx = Vertx.vertx();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    GatewayOptions options =
        GatewayOptions.builder(common.kafka())
            .host(common.host())
            .port(args.port())
            .trustedProxies(args.trustedProxies())
            .maxReadingRequests(args.maxReadingRequests())
            .build();
    Gateway gateway = Gateway.start(vertx, options, config, registry).await(60, TimeUnit.SECONDS);
    ManagementServer management = new ManagementServer(registry);
    management.addReadinessCheck(gateway.readiness());
    management.addReadinessCheck(file.readiness());
    management.start(vertx, common.host(), common.managementPort()).await(30, TimeUnit.SECONDS);
    file.watch(vertx, 1000, gateway::update);
    LOG.info("traffic on port {}, management on port {}", gateway.port(), management.port());
    return new Running(vertx, gateway, management, file);
  }

  /** A started gateway process. */
  record Running(
      Vertx vertx, Gateway gateway, ManagementServer management, ConfigFile<GatewayConfig> file)
      implements DataPlaneProcess.Running {
    @Override
    public void close() {
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
