package dev.sluice.bench.gateway;

import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.SourceConfig;
import dev.sluice.api.config.WriteKeys;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Drives a gateway process on an in-process broker and prints events/s, p50/p99 and RSS, with the
 * raw-producer ceiling from the same run.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.sluice.bench.gateway.GatewayLoad \
 *   [--seconds 15] [--connections 32] [--single-connections 128] [--batch-size 100] \
 *   [--batched-rate 25000] [--single-rate 5000] [--gateway-jvm "-Xmx512m"] \
 *   [--compression lz4|zstd|none] [--phases raw,batch,single,batch-rate,single-rate]
 * </pre>
 */
public final class GatewayLoad {
  private static final String KEY = "wk_bench";

  private GatewayLoad() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = parse(argv);
    int seconds = Integer.parseInt(args.getOrDefault("seconds", "15"));
    int connections = Integer.parseInt(args.getOrDefault("connections", "32"));
    int singleConnections = Integer.parseInt(args.getOrDefault("single-connections", "128"));
    int batchSize = Integer.parseInt(args.getOrDefault("batch-size", "100"));
    double batchedRate = Double.parseDouble(args.getOrDefault("batched-rate", "25000"));
    double singleRate = Double.parseDouble(args.getOrDefault("single-rate", "5000"));
    List<String> gatewayJvm =
        List.of(
            args.getOrDefault("gateway-jvm", "-Xms256m -Xmx512m -XX:+UseParallelGC").split(" "));
    Duration phase = Duration.ofSeconds(seconds);
    String compression = args.getOrDefault("compression", "");
    java.util.Set<String> phases =
        java.util.Set.of(
            args.getOrDefault("phases", "raw,batch,single,batch-rate,single-rate").split(","));

    Path work = Files.createTempDirectory("sluice-gateway-bench-");
    List<byte[]> batches = Messages.batches(64, batchSize);
    List<byte[]> singles = Messages.singles(2000);
    System.out.printf(
        "batch body %d bytes (%d messages), single body %d bytes%n",
        batches.get(0).length, batchSize, singles.get(0).length);

    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      createTopics(kafka.bootstrapServers());
      LoadClient.Result raw = null;
      if (phases.contains("raw")) {
        RawProducerCeiling.run(
            kafka.bootstrapServers(),
            "sluice.bench.raw",
            singles,
            Duration.ofSeconds(3),
            compression);
        raw =
            RawProducerCeiling.run(
                kafka.bootstrapServers(), "sluice.bench.raw", singles, phase, compression);
        print(raw, Double.NaN, Double.NaN);
      }

      Path config = work.resolve("gateway.json");
      Files.writeString(config, ConfigJson.write(config()));
      Path kafkaProperties = work.resolve("kafka.properties");
      Files.writeString(
          kafkaProperties, compression.isEmpty() ? "" : "compression.type=" + compression + "\n");
      int port = freePort();
      int management = freePort();
      try (GatewayProcess gateway =
              GatewayProcess.start(
                  config,
                  kafka.bootstrapServers(),
                  port,
                  management,
                  gatewayJvm,
                  compression.isEmpty()
                      ? List.of()
                      : List.of("--kafka-properties", kafkaProperties.toString()),
                  work.resolve("gateway.log"));
          RssSampler rss = new RssSampler(gateway)) {
        Vertx vertx = Vertx.vertx();
        String auth =
            "Basic "
                + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8));
        System.out.printf("gateway pid %d, RSS idle %.0f MiB%n", gateway.pid(), gateway.rssMiB());
        try (LoadClient batchClient = new LoadClient(vertx, port, connections, auth);
            LoadClient singleClient = new LoadClient(vertx, port, singleConnections, auth)) {
          batchClient.closedLoop(
              "warm-up", "/v1/batch", batches, batchSize, Duration.ofSeconds(5), Long.MAX_VALUE);
          singleClient.closedLoop(
              "warm-up", "/v1/track", singles, 1, Duration.ofSeconds(3), Long.MAX_VALUE);

          LoadClient.Result batched = null;
          if (phases.contains("batch")) {
            batched =
                measure(
                    gateway,
                    rss,
                    () ->
                        batchClient.closedLoop(
                            "batched /v1/batch x" + batchSize + ", " + connections + " conns, max",
                            "/v1/batch",
                            batches,
                            batchSize,
                            phase,
                            2_000_000));
          }
          if (phases.contains("single")) {
            measure(
                gateway,
                rss,
                () ->
                    singleClient.closedLoop(
                        "single /v1/track, " + singleConnections + " conns, max",
                        "/v1/track",
                        singles,
                        1,
                        phase,
                        5_000_000));
          }
          if (phases.contains("batch-rate")) {
            measure(
                gateway,
                rss,
                () ->
                    batchClient.fixedRate(
                        "batched at " + (int) batchedRate + " events/s",
                        "/v1/batch",
                        batches,
                        batchSize,
                        batchedRate / batchSize,
                        phase));
          }
          if (phases.contains("single-rate")) {
            measure(
                gateway,
                rss,
                () ->
                    singleClient.fixedRate(
                        "single at " + (int) singleRate + " requests/s",
                        "/v1/track",
                        singles,
                        1,
                        singleRate,
                        phase));
          }
          if (raw != null && batched != null) {
            System.out.printf(
                "%nbatched / raw producer = %.2f%n",
                batched.eventsPerSecond() / raw.eventsPerSecond());
          }
        } finally {
          vertx.close().await();
        }
      }
    }
  }

  interface Phase {
    LoadClient.Result run() throws Exception;
  }

  /** Runs a phase and prints it with the gateway's peak RSS and the CPU cores it used. */
  private static LoadClient.Result measure(GatewayProcess gateway, RssSampler rss, Phase phase)
      throws Exception {
    rss.reset();
    double cpuBefore = gateway.cpuSeconds();
    LoadClient.Result result = phase.run();
    double cores = (gateway.cpuSeconds() - cpuBefore) / result.seconds();
    print(result, rss.maxMiB(), cores);
    return result;
  }

  private static void print(LoadClient.Result r, double rssMiB, double cores) {
    System.out.printf(
        "%-48s %9.0f events/s %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms  statuses %s failures %d"
            + "  RSS max %.0f MiB  gateway CPU %.2f cores%n",
        r.name(),
        r.eventsPerSecond(),
        r.requestsPerSecond(),
        r.latencies().percentileMs(50),
        r.latencies().percentileMs(99),
        r.statuses(),
        r.failures(),
        rssMiB,
        cores);
  }

  private static GatewayConfig config() {
    return new GatewayConfig(
        List.of(
            new SourceConfig(
                "bench",
                "web",
                "sluice.bench.web",
                "sluice.bench.web.rejected",
                List.of(WriteKeys.hash(KEY)),
                true,
                Defaults.INGEST_LIMITS,
                List.of())));
  }

  private static void createTopics(String bootstrap) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic("sluice.bench.web", 3, (short) 1),
                  new NewTopic("sluice.bench.web.rejected", 1, (short) 1),
                  new NewTopic("sluice.bench.raw", 3, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static Map<String, String> parse(String[] argv) {
    Map<String, String> out = new java.util.HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      if (!argv[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got " + argv[i]);
      }
      out.put(argv[i].substring(2), argv[i + 1]);
    }
    return out;
  }

  /** Samples the gateway's RSS twice a second; reports the peak since the last reset. */
  private static final class RssSampler implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicReference<Double> max = new AtomicReference<>(0.0);

    RssSampler(GatewayProcess gateway) {
      timer.scheduleAtFixedRate(
          () -> max.accumulateAndGet(gateway.rssMiB(), Math::max), 0, 500, TimeUnit.MILLISECONDS);
    }

    void reset() {
      max.set(0.0);
    }

    double maxMiB() {
      return max.get();
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }
}
