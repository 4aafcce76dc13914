package dev.sluice.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak (issue 11; by hand, {@code -Psoak}, never in CI): the local runner with a webhook and an
 * archive Destination under a steady load for {@code sluice.soak.minutes} (10) at {@code
 * sluice.soak.rate} events/s (5,000) in batches of 50. Every 30 s it prints heap after a full GC,
 * RSS, what was sent, answered with an error, delivered, and the webhook's delivery latency (p50,
 * p99, from receivedAt) over the last interval. At the end everything sent reached the webhook and
 * the archive, no request failed, and the heap after GC did not grow by more than half.
 *
 * <pre>./mvnw -o -pl cli -am verify -Psoak -Dsluice.soak.minutes=10</pre>
 *
 * The load generator and the counting receiver run in the same JVM as the runner; both hold
 * constant memory, so a growing heap is the runner's.
 */
@Tag("soak")
class SoakIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WRITE_KEY = "soak-write-key";
  private static final int BATCH = 50;
  private static final AtomicLong USERS = new AtomicLong();

  @TempDir Path temp;

  @Test
  void aSteadyLoadForMinutesLeavesHeapRssAndLatencyFlat() throws Exception {
    int minutes = Integer.getInteger("sluice.soak.minutes", 10);
    int rate = Integer.getInteger("sluice.soak.rate", 5_000);
    Vertx vertx = Vertx.vertx();
    Receiver receiver = new Receiver();
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(b -> receiver.accept(b.toString()))
                        .onComplete(ar -> req.response().setStatusCode(200).end()))
            .listen(0, "127.0.0.1")
            .await();
    Path manifests = temp.resolve("manifests");
    Path archive = temp.resolve("archive");
    Files.createDirectories(manifests);
    Files.writeString(
        manifests.resolve("soak.yaml"),
        MANIFESTS
            .replace("${SINK_URL}", "http://127.0.0.1:" + server.actualPort() + "/hook")
            .replace("${ARCHIVE_DIR}", archive.toString()));
    LocalRunner runner =
        LocalRunner.start(
            new LocalRunner.Options(
                manifests, temp.resolve("data"), null, "127.0.0.1", 0, 0, Duration.ofSeconds(1)),
            new PrintWriter(new StringWriter(), true));
    // Several senders, each on its own schedule, so that one slow answer does not lower the rate.
    int senders = 4;
    ScheduledExecutorService load = Executors.newScheduledThreadPool(senders);
    try {
      assertThat(runner.awaitReady(Duration.ofSeconds(120))).isNull();
      HttpClient http = HttpClient.newHttpClient();
      URI batchUri = URI.create("http://127.0.0.1:" + runner.gatewayPort() + "/v1/batch");
      String auth = "Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes());
      AtomicLong sent = new AtomicLong();
      AtomicLong errors = new AtomicLong();
      long periodMicros = 1_000_000L * BATCH / rate;
      // Heap after GC and RSS before any load: the start of the table.
      String startLine =
          String.format("| 0.0 | %.0f | %.0f | 0 | 0 | 0 | - | - |", heapAfterGcMiB(), rssMiB());
      System.out.println("SoakIT " + startLine);
      Runnable send =
          () -> {
            try {
              HttpResponse<String> answer =
                  http.send(
                      HttpRequest.newBuilder(batchUri)
                          .header("Authorization", auth)
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString(batch()))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              if (answer.statusCode() == 200) {
                sent.addAndGet(BATCH);
              } else {
                errors.incrementAndGet();
              }
            } catch (Exception e) {
              errors.incrementAndGet();
            }
          };
      for (int i = 0; i < senders; i++) {
        load.scheduleAtFixedRate(
            send, i * periodMicros, periodMicros * senders, TimeUnit.MICROSECONDS);
      }

      List<String> lines = new ArrayList<>();
      lines.add(
          "| minute | heap after GC (MiB) | RSS (MiB) | sent | errors | delivered | events/s sent /"
              + " delivered (interval) | webhook p50 / p99 (ms) |");
      lines.add("|---|---|---|---|---|---|---|---|");
      lines.add(startLine);
      long sentBefore = 0;
      long deliveredBefore = 0;
      long intervalStart = System.nanoTime();
      long start = System.nanoTime();
      long end = start + TimeUnit.MINUTES.toNanos(minutes);
      double firstHeap = -1;
      double lastHeap = 0;
      while (System.nanoTime() < end) {
        long next = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        await()
            .atMost(Duration.ofSeconds(40))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> System.nanoTime() >= next);
        lastHeap = heapAfterGcMiB();
        firstHeap = firstHeap < 0 ? lastHeap : firstHeap;
        long[] latency = receiver.takeLatency();
        long sentNow = sent.get();
        long now = System.nanoTime();
        long deliveredNow = receiver.delivered.get();
        double intervalSeconds = (now - intervalStart) / 1e9;
        double intervalRate = (sentNow - sentBefore) / intervalSeconds;
        double deliveredRate = (deliveredNow - deliveredBefore) / intervalSeconds;
        sentBefore = sentNow;
        deliveredBefore = deliveredNow;
        intervalStart = now;
        String line =
            String.format(
                "| %.1f | %.0f | %.0f | %,d | %d | %,d | %,.0f / %,.0f | %d / %d |",
                (now - start) / 60e9,
                lastHeap,
                rssMiB(),
                sentNow,
                errors.get(),
                deliveredNow,
                intervalRate,
                deliveredRate,
                latency[0],
                latency[1]);
        lines.add(line);
        System.out.println("SoakIT " + line);
      }
      load.shutdown();
      assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      long total = sent.get();
      try {
        await()
            .atMost(Duration.ofMinutes(5))
            .until(() -> receiver.delivered.get() >= total && archived(archive) >= total);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        // Reported below with the table, then failed: a backlog the run could not drain.
      }
      System.out.printf(
          "SoakIT: %d min at %,d events/s: %,d sent, %d errors, %,d delivered, %,d archived%n",
          minutes, rate, total, errors.get(), receiver.delivered.get(), archived(archive));
      lines.forEach(System.out::println);
      assertThat(receiver.delivered.get())
          .as("delivered to the webhook")
          .isGreaterThanOrEqualTo(total);
      assertThat(archived(archive)).as("archived").isGreaterThanOrEqualTo(total);
      assertThat(errors.get()).isZero();
      assertThat(lastHeap).isLessThan(firstHeap * 1.5 + 32);
    } finally {
      load.shutdownNow();
      runner.close();
      server.close().await();
      vertx.close().await();
    }
  }

  private static String batch() {
    StringBuilder out = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < BATCH; i++) {
      if (i > 0) {
        out.append(',');
      }
      // Many users, as real traffic has: a webhook keeps each user's order with one message of a
      // user out at a time (decision 0050), so 50 users would cap it at 50 messages a round trip.
      out.append("{\"type\":\"track\",\"event\":\"Soaked\",\"userId\":\"u")
          .append(USERS.getAndIncrement() % 10_000)
          .append("\",\"messageId\":\"")
          .append(UUID.randomUUID())
          .append("\",\"properties\":{\"revenue\":12.5}}");
    }
    return out.append("]}").toString();
  }

  private static double heapAfterGcMiB() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
  }

  private static double rssMiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return -1;
  }

  private static long archived(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long lines = 0;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".json.gz")).toList()) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
          for (byte b : in.readAllBytes()) {
            if (b == '\n') {
              lines++;
            }
          }
        }
      }
    }
    return lines;
  }

  /** Counts webhook deliveries and their latency from receivedAt, in constant memory. */
  private static final class Receiver {
    final AtomicLong delivered = new AtomicLong();

    /** One bucket a millisecond up to ten minutes: a backlog's latency is still measured. */
    private final AtomicLongArray millis = new AtomicLongArray(600_001);

    void accept(String body) {
      try {
        JsonNode m = JSON.readTree(body);
        List<JsonNode> messages = new ArrayList<>();
        if (m.has("batch")) {
          m.get("batch").forEach(messages::add);
        } else {
          messages.add(m);
        }
        Instant now = Instant.now();
        for (JsonNode message : messages) {
          long ms =
              Duration.between(Instant.parse(message.get("receivedAt").asText()), now).toMillis();
          millis.incrementAndGet((int) Math.max(0, Math.min(600_000, ms)));
          delivered.incrementAndGet();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    /** p50 and p99 since the last call, in ms; resets. */
    long[] takeLatency() {
      long[] counts = new long[millis.length()];
      long total = 0;
      for (int i = 0; i < counts.length; i++) {
        counts[i] = millis.getAndSet(i, 0);
        total += counts[i];
      }
      return new long[] {percentile(counts, total, 0.50), percentile(counts, total, 0.99)};
    }

    private static long percentile(long[] counts, long total, double q) {
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (total > 0 && seen >= q * total) {
          return i;
        }
      }
      return -1;
    }
  }

  private static final String MANIFESTS =
      """
      apiVersion: v1
      kind: Secret
      metadata: {name: soak-write-key}
      stringData: {writeKey: soak-write-key}
      ---
      apiVersion: sluice.dev/v1alpha1
      kind: Source
      metadata: {name: shop}
      spec:
        writeKeys:
          - secretKeyRef: {name: soak-write-key, key: writeKey}
        limits: {eventsPerSecond: 1000000}
        topic: {partitions: 4}
      ---
      apiVersion: sluice.dev/v1alpha1
      kind: Destination
      metadata: {name: hook}
      spec:
        type: webhook
        webhook:
          url: ${SINK_URL}
          batch: {maxEvents: 50, maxWait: PT0.05S}
      ---
      apiVersion: sluice.dev/v1alpha1
      kind: Destination
      metadata: {name: archive}
      spec:
        type: archive
        archive: {path: ${ARCHIVE_DIR}, rollInterval: PT5S}
      ---
      apiVersion: sluice.dev/v1alpha1
      kind: Connection
      metadata: {name: shop-to-hook}
      spec: {sourceRef: {name: shop}, destinationRef: {name: hook}, start: earliest}
      ---
      apiVersion: sluice.dev/v1alpha1
      kind: Connection
      metadata: {name: shop-to-archive}
      spec: {sourceRef: {name: shop}, destinationRef: {name: archive}, start: earliest}
      """;
}
