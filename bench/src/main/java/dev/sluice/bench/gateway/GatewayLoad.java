package dev.sluice.bench.gateway;

import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.SourceConfig;
import dev.sluice.api.config.WriteKeys;
import dev.sluice.bench.ChildProcess;
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
 *   [--compression lz4|zstd|none] [--phases raw,batch,single,batch-rate,single-rate] \
 *   [--rounds 1] [--before-cp other/benchmarks.jar] [--producer linger.ms=0,...]
 *   [--before-producer linger.ms=5,...] [--variants "l0:linger.ms=0;l1:linger.ms=1"]
 *   [--reference baseline|before|sluice|l0] [--warmup 6]
 * </pre>
 *
 * <p>A phase named {@code baseline-batch} or {@code baseline-single} runs against {@link
 * BaselineServer} (parse to a tree, send each message, nothing else), {@code floor-batch} and
 * {@code headerfloor-batch} against its floor modes (no JSON at all: what HTTP and Kafka alone
 * cost, without and with the gateway's three headers per record), {@code before-batch} and so on
 * against the gateway of {@code --before-cp}; {@code --rounds} repeats the phase list, so the
 * servers alternate under the same machine load. {@code --variants} starts more gateways of this
 * build with their own producer properties (phases {@code l0-single}, ...). The summary gives each
 * round's ratios to the {@code --reference} server (the baseline by default) and their medians.
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
    Duration warmup = Duration.ofSeconds(Long.parseLong(args.getOrDefault("warmup", "6")));
    String compression = args.getOrDefault("compression", "");
    List<String> phases =
        List.of(args.getOrDefault("phases", "raw,batch,single,batch-rate,single-rate").split(","));

    int rounds = Integer.parseInt(args.getOrDefault("rounds", "1"));
    String beforeClasspath = args.get("before-cp");
    Path work = Files.createTempDirectory("sluice-gateway-bench-");
    List<byte[]> batches = Messages.batches(64, batchSize);
    List<byte[]> singles = Messages.singles(2000);
    System.out.printf(
        "batch body %d bytes (%d messages), single body %d bytes%n",
        batches.get(0).length, batchSize, singles.get(0).length);
    Summary summary = new Summary(args.getOrDefault("reference", "baseline"));

    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      createTopics(kafka.bootstrapServers());
      Path config = work.resolve("gateway.json");
      Files.writeString(config, ConfigJson.write(config()));
      Path kafkaProperties = work.resolve("kafka.properties");
      // --producer "linger.ms=0,batch.size=65536": producer properties for Sluice's gateway only.
      String producer = args.getOrDefault("producer", "");
      StringBuilder properties = new StringBuilder();
      if (!compression.isEmpty()) {
        properties.append("compression.type=").append(compression).append('\n');
      }
      for (String property : producer.split(",")) {
        if (!property.isBlank()) {
          properties.append(property.trim()).append('\n');
        }
      }
      Files.writeString(kafkaProperties, properties.toString());
      List<String> gatewayArgs =
          properties.length() == 0
              ? List.of()
              : List.of("--kafka-properties", kafkaProperties.toString());
      // --before-producer "linger.ms=5": the same for the gateway of --before-cp, so two producer
      // settings of one jar can alternate in one run.
      Path beforeProperties = work.resolve("before-kafka.properties");
      StringBuilder before = new StringBuilder();
      if (!compression.isEmpty()) {
        before.append("compression.type=").append(compression).append('\n');
      }
      for (String property : args.getOrDefault("before-producer", "").split(",")) {
        if (!property.isBlank()) {
          before.append(property.trim()).append('\n');
        }
      }
      Files.writeString(beforeProperties, before.toString());
      List<String> beforeArgs =
          before.length() == 0
              ? List.of()
              : List.of("--kafka-properties", beforeProperties.toString());
      Map<String, GatewayProcess> servers = new java.util.LinkedHashMap<>();
      Vertx vertx = Vertx.vertx();
      try {
        servers.put(
            "sluice",
            GatewayProcess.start(
                config,
                kafka.bootstrapServers(),
                freePort(),
                freePort(),
                gatewayJvm,
                gatewayArgs,
                work.resolve("gateway.log")));
        if (beforeClasspath != null) {
          servers.put(
              "before",
              GatewayProcess.start(
                  beforeClasspath,
                  config,
                  kafka.bootstrapServers(),
                  freePort(),
                  freePort(),
                  gatewayJvm,
                  beforeArgs,
                  work.resolve("before.log")));
        }
        // --variants "l0:linger.ms=0;l5:linger.ms=5": more gateways of this build, each with its
        // own producer properties and, after a |, its own JVM options
        // ("serial:|-XX:MaxRAM=512m -XX:+UseSerialGC"); a phase "l0-single" runs against l0.
        for (String variant : args.getOrDefault("variants", "").split(";")) {
          if (variant.isBlank()) {
            continue;
          }
          String name = variant.substring(0, variant.indexOf(':')).trim();
          String rest = variant.substring(variant.indexOf(':') + 1);
          int bar = rest.indexOf('|');
          List<String> jvm =
              bar < 0 ? gatewayJvm : List.of(rest.substring(bar + 1).trim().split(" +"));
          String props = bar < 0 ? rest : rest.substring(0, bar);
          Path file = work.resolve(name + "-kafka.properties");
          Files.writeString(
              file,
              (compression.isEmpty() ? "" : "compression.type=" + compression + "\n")
                  + String.join("\n", props.split(","))
                  + "\n");
          servers.put(
              name,
              GatewayProcess.start(
                  config,
                  kafka.bootstrapServers(),
                  freePort(),
                  freePort(),
                  jvm,
                  List.of("--kafka-properties", file.toString()),
                  work.resolve(name + ".log")));
        }
        for (String name : List.of("baseline", "floor", "headerfloor")) {
          if (phases.stream().anyMatch(p -> p.startsWith(name + "-"))) {
            servers.put(
                name,
                GatewayProcess.startBaseline(
                    kafka.bootstrapServers(),
                    "sluice.bench.web",
                    freePort(),
                    name,
                    batchSize,
                    gatewayJvm,
                    work.resolve(name + ".log")));
          }
        }
        String auth =
            "Basic "
                + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8));
        Map<String, LoadClient> batchClients = new java.util.HashMap<>();
        Map<String, LoadClient> singleClients = new java.util.HashMap<>();
        for (Map.Entry<String, GatewayProcess> e : servers.entrySet()) {
          GatewayProcess server = e.getValue();
          System.out.printf(
              "%s pid %d, RSS idle %.0f MiB%n", e.getKey(), server.pid(), server.rssMiB());
          LoadClient batchClient = new LoadClient(vertx, server.port, connections, auth);
          LoadClient singleClient = new LoadClient(vertx, server.port, singleConnections, auth);
          batchClients.put(e.getKey(), batchClient);
          singleClients.put(e.getKey(), singleClient);
          // On a loaded machine the JIT is still compiling after a short warm-up, and the first
          // phase of whichever server pays for it: --warmup 20 there.
          batchClient.closedLoop(
              "warm-up", "/v1/batch", batches, batchSize, warmup, Long.MAX_VALUE);
          singleClient.closedLoop(
              "warm-up", "/v1/track", singles, 1, warmup.dividedBy(2), Long.MAX_VALUE);
        }
        LoadClient.Result raw = null;
        LoadClient.Result batched = null;
        for (int round = 1; round <= rounds; round++) {
          for (String name : phases) {
            // "batch", "single", ... run against Sluice; "baseline-batch" against the baseline,
            // "before-batch" against the gateway from --before-cp.
            String server = "sluice";
            String kind = name;
            int dash = name.indexOf('-');
            if (dash > 0 && servers.containsKey(name.substring(0, dash))) {
              server = name.substring(0, dash);
              kind = name.substring(dash + 1);
            }
            GatewayProcess process = servers.get(server);
            LoadClient batchClient = batchClients.get(server);
            LoadClient singleClient = singleClients.get(server);
            String label = "r" + round + " " + server + " ";
            Phase run =
                switch (kind) {
                  case "raw" -> null;
                  case "batch" ->
                      () ->
                          batchClient.closedLoop(
                              label + "/v1/batch x" + batchSize + ", " + connections + " conns",
                              "/v1/batch",
                              batches,
                              batchSize,
                              phase,
                              2_000_000);
                  case "single" ->
                      () ->
                          singleClient.closedLoop(
                              label + "/v1/track, " + singleConnections + " conns",
                              "/v1/track",
                              singles,
                              1,
                              phase,
                              5_000_000);
                  case "batch-rate" ->
                      () ->
                          batchClient.fixedRate(
                              label + "batched at " + (int) batchedRate + " events/s",
                              "/v1/batch",
                              batches,
                              batchSize,
                              batchedRate / batchSize,
                              phase);
                  case "single-rate" ->
                      () ->
                          singleClient.fixedRate(
                              label + "single at " + (int) singleRate + " requests/s",
                              "/v1/track",
                              singles,
                              1,
                              singleRate,
                              phase);
                  default -> throw new IllegalArgumentException("unknown phase " + name);
                };
            if (run == null) {
              RawProducerCeiling.run(
                  kafka.bootstrapServers(),
                  "sluice.bench.raw",
                  singles,
                  Duration.ofSeconds(3),
                  compression);
              raw =
                  RawProducerCeiling.run(
                      kafka.bootstrapServers(), "sluice.bench.raw", singles, phase, compression);
              print(raw, Double.NaN, Double.NaN, ChildProcess.loadAverage());
              continue;
            }
            try (RssSampler rss = new RssSampler(process)) {
              double load = ChildProcess.loadAverage();
              double cpuBefore = process.cpuSeconds();
              LoadClient.Result result = run.run();
              double cores = (process.cpuSeconds() - cpuBefore) / result.seconds();
              print(result, rss.maxMiB(), cores, load);
              summary.add(server + " " + kind, round, result, cores, load);
              if (server.equals("sluice") && kind.equals("batch")) {
                batched = result;
              }
            }
          }
        }
        if (raw != null && batched != null) {
          System.out.printf(
              "%nbatched / raw producer = %.2f%n",
              batched.eventsPerSecond() / raw.eventsPerSecond());
        }
        summary.print();
        batchClients.values().forEach(LoadClient::close);
        singleClients.values().forEach(LoadClient::close);
      } finally {
        vertx.close().await();
        for (GatewayProcess server : servers.values()) {
          server.close();
        }
      }
    }
  }

  interface Phase {
    LoadClient.Result run() throws Exception;
  }

  private static void print(LoadClient.Result r, double rssMiB, double cores, double load) {
    System.out.printf(
        "%-48s %9.0f events/s %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms  statuses %s failures %d"
            + "  RSS max %.0f MiB  server CPU %.2f cores = %.2f us/event  load %.1f%n",
        r.name(),
        r.eventsPerSecond(),
        r.requestsPerSecond(),
        r.latencies().percentileMs(50),
        r.latencies().percentileMs(99),
        r.statuses(),
        r.failures(),
        rssMiB,
        cores,
        cores / r.eventsPerSecond() * 1e6,
        load);
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
      max.set(gateway.rssMiB());
      timer.scheduleAtFixedRate(
          () -> max.accumulateAndGet(gateway.rssMiB(), Math::max), 0, 500, TimeUnit.MILLISECONDS);
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
