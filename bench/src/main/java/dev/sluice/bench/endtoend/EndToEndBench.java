package dev.sluice.bench.endtoend;

import dev.sluice.bench.ChildProcess;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * End to end through {@code ./sluice local}: single {@code /v1/track} calls at a fixed rate, and
 * the time from when each was due at the client to its arrival at a webhook on this machine (one
 * POST per message, the Destination's defaults), with the runner's CPU time per event and peak RSS.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.sluice.bench.endtoend.EndToEndBench \
 *   [--launcher ./sluice] [--rate 5000] [--seconds 20] [--warmup 10] [--connections 32] \
 *   [--rounds 1] [--batch 1] [--concurrency 8] [--webhook-batch 1] [--webhook-wait PT0.01S] \
 *   [--java-opts "default;-XX:+UseSerialGC -Xmx256m"]
 * </pre>
 *
 * <p>{@code --batch 10} sends the same events 10 to a {@code /v1/batch} request (as server-side
 * libraries do) instead of one {@code /v1/track} call each (as browsers do). {@code --webhook-batch
 * 100} makes the Destination batch (up to 100 messages a POST, sent when full or after {@code
 * --webhook-wait}), as a bulk API or a warehouse loader would take them. {@code --java-opts} lists
 * {@code SLUICE_JAVA_OPTS} values separated by {@code ;} ({@code default}: the launcher's own);
 * each round starts one runner per value in turn, so they alternate under the same machine load.
 * The launcher builds the command first if its sources changed.
 */
public final class EndToEndBench {
  private static final String KEY = "e2e-write-key";

  /** How long the messages sent may take to arrive once sending stops. */
  private static final Duration ARRIVALS = Duration.ofSeconds(30);

  private EndToEndBench() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    Path launcher = Path.of(args.getOrDefault("launcher", "./sluice")).toAbsolutePath();
    double rate = Double.parseDouble(args.getOrDefault("rate", "5000"));
    Duration measure = Duration.ofSeconds(Long.parseLong(args.getOrDefault("seconds", "20")));
    Duration warmup = Duration.ofSeconds(Long.parseLong(args.getOrDefault("warmup", "10")));
    int connections = Integer.parseInt(args.getOrDefault("connections", "32"));
    int rounds = Integer.parseInt(args.getOrDefault("rounds", "1"));
    int batch = Integer.parseInt(args.getOrDefault("batch", "1"));
    // The Destination's deliveries in flight; 8 is the product's default.
    int concurrency = Integer.parseInt(args.getOrDefault("concurrency", "8"));
    // Messages a webhook POST carries (1: the Destination's default, one POST per message).
    int webhookBatch = Integer.parseInt(args.getOrDefault("webhook-batch", "1"));
    String webhookWait = args.getOrDefault("webhook-wait", "PT0.01S");
    List<String> variants = List.of(args.getOrDefault("java-opts", "default").split(";"));

    Path work = Files.createTempDirectory("sluice-e2e-bench-");
    Vertx sinkVertx = Vertx.vertx();
    Vertx clientVertx = Vertx.vertx();
    ArrivalSink sink = new ArrivalSink();
    List<String> lines = new ArrayList<>();
    try {
      int sinkPort = sink.start(sinkVertx);
      Path manifests = work.resolve("manifests");
      Files.createDirectories(manifests);
      Files.writeString(
          manifests.resolve("e2e.yaml"),
          manifests(sinkPort, concurrency, webhookBatch, webhookWait));
      String auth =
          "Basic "
              + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8));
      for (int round = 1; round <= rounds; round++) {
        for (int v = 0; v < variants.size(); v++) {
          String opts = variants.get(v).trim();
          String label = "r" + round + " [" + opts + "]";
          Path dir = work.resolve("r" + round + "-v" + v);
          try (RunnerProcess runner =
              RunnerProcess.start(
                  launcher,
                  manifests,
                  dir.resolve("data"),
                  freePort(),
                  freePort(),
                  opts.equals("default") ? null : opts,
                  Files.createDirectories(dir).resolve("runner.log"))) {
            double idle = runner.memoryMiB("VmRSS");
            try (RateSender sender =
                new RateSender(clientVertx, runner.port, connections, auth, batch)) {
              sink.record(false);
              sender.run(rate, warmup);
              sink.awaitArrived((long) (rate * warmup.toSeconds()) / batch * batch, ARRIVALS);
              double load = ChildProcess.loadAverage();
              sink.record(true);
              double cpu = runner.cpuSeconds();
              long started = System.nanoTime();
              RateSender.Sent sent = sender.run(rate, measure);
              double seconds = (System.nanoTime() - started) / 1e9;
              double cores = (runner.cpuSeconds() - cpu) / seconds;
              long events = sent.requests() * batch;
              boolean all = sink.awaitArrived(events, ARRIVALS);
              String line =
                  String.format(
                      "%s  %d events sent %s failures %d %s, %d arrived%s  end to end p50 %.2f p99 %.2f"
                          + " p999 %.2f max %.2f ms  gateway answer p50 %.2f p99 %.2f ms"
                          + "  runner %.2f cores = %.1f us/event  RSS idle %.0f peak %.0f MiB"
                          + "  load %.1f -> %.1f",
                      label,
                      events,
                      sent.statuses(),
                      sent.failed(),
                      sent.failures(),
                      sink.arrived(),
                      all ? "" : " (NOT ALL)",
                      sink.percentileMs(0.50),
                      sink.percentileMs(0.99),
                      sink.percentileMs(0.999),
                      sink.percentileMs(1.0),
                      sent.answerPercentileMs(0.50),
                      sent.answerPercentileMs(0.99),
                      cores,
                      cores / (events / seconds) * 1e6,
                      idle,
                      runner.memoryMiB("VmHWM"),
                      load,
                      ChildProcess.loadAverage());
              System.out.println(line);
              lines.add(line);
            }
          }
        }
      }
    } finally {
      sink.close();
      clientVertx.close().await();
      sinkVertx.close().await();
    }
    System.out.println();
    lines.forEach(System.out::println);
  }

  private static String manifests(
      int sinkPort, int concurrency, int webhookBatch, String webhookWait) {
    String batch =
        webhookBatch <= 1
            ? ""
            : ", batch: {maxEvents: %d, maxWait: %s}".formatted(webhookBatch, webhookWait);
    return """
        apiVersion: v1
        kind: Secret
        metadata: {name: e2e-write-key}
        stringData: {writeKey: %s}
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Source
        metadata: {name: e2e}
        spec:
          writeKeys: [{secretKeyRef: {name: e2e-write-key, key: writeKey}}]
          topic: {partitions: 3}
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Destination
        metadata: {name: e2e-hook}
        spec:
          type: webhook
          webhook: {url: "http://127.0.0.1:%d/hook"%s}
          concurrency: %d
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Connection
        metadata: {name: e2e-to-hook}
        spec:
          sourceRef: {name: e2e}
          destinationRef: {name: e2e-hook}
        """
        .formatted(KEY, sinkPort, batch, concurrency);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
