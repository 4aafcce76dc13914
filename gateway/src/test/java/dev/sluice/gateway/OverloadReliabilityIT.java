package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, overload: far more load than the gateway can log (the broker throttles its producer to
 * 32 KB/s with a client quota) is answered 503 (or 429), never with an out-of-memory error or an
 * unbounded queue. The gateway runs as its own JVM with a fixed heap, as in a pod; its heap (from
 * its own metrics) and its RSS (from /proc) are sampled throughout and must stay within bounds.
 */
@Tag("reliability")
@ExtendWith(SluiceInfra.class)
class OverloadReliabilityIT {
  private static final String KEY = "wk_overload";
  private static final String CLIENT_ID = "sluice-gateway-overload";
  private static final long XMX_MB = 256;

  /** Heap, plus metaspace, code cache, thread stacks, Netty's direct buffers (capped below). */
  private static final long RSS_BOUND_MB = 600;

  private static final Duration LOAD = Duration.ofSeconds(20);

  /**
   * Requests out at once: 400 in the suite; 1,500 (150,000 messages, past the 100,000 in-flight
   * bound) by hand with {@code -Dsluice.overload.concurrent=1500}, the figure in decision 0117.
   */
  private static final int CONCURRENT = Integer.getInteger("sluice.overload.concurrent", 400);

  /** The longest a client waits for an answer (Segment's clients wait less). */
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

  private static final int BATCH = 100;

  private static final Pattern CODE = Pattern.compile("\"code\":\"([a-z_]+)\"");

  @TempDir Path dir;

  @Test
  void moreLoadThanKafkaTakesIsAnswered503WithinBoundedMemory(EmbeddedKafka kafka)
      throws Exception {
    GatewayConfig config =
        new GatewayConfig(
            List.of(TestGateway.source("overload", KEY, Defaults.INGEST_LIMITS, List.of())));
    TestGateway.createTopics(kafka.bootstrapServers(), config);
    Path file = dir.resolve("gateway.json");
    Files.writeString(file, ConfigJson.write(config));
    Path properties = dir.resolve("kafka.properties");
    Files.writeString(properties, "client.id=" + CLIENT_ID + "\n");
    throttle(kafka, 32 * 1024.0);

    int port = freePort();
    int management = freePort();
    Path log = dir.resolve("gateway.log");
    Path gcLog = Path.of("target", "overload-gc.log").toAbsolutePath();
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + XMX_MB + "m",
                "-XX:MaxDirectMemorySize=64m",
                "-XX:+ExitOnOutOfMemoryError",
                "-Xlog:gc:file=" + gcLog,
                "-cp",
                System.getProperty("java.class.path"),
                GatewayMain.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("SLUICE_CONFIG", file.toString());
    builder.environment().put("SLUICE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    builder.environment().put("SLUICE_KAFKA_PROPERTIES_FILE", properties.toString());
    builder.environment().put("SLUICE_HOST", "127.0.0.1");
    builder.environment().put("SLUICE_PORT", Integer.toString(port));
    builder.environment().put("SLUICE_MANAGEMENT_PORT", Integer.toString(management));
    Process process = builder.start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    AtomicLong maxRssKb = new AtomicLong();
    AtomicLong maxHeap = new AtomicLong();
    AtomicLong maxInFlightBytes = new AtomicLong();
    AtomicLong maxInFlightMessages = new AtomicLong();
    AtomicLong maxReading = new AtomicLong();
    AtomicInteger noAnswer = new AtomicInteger();
    Map<String, Integer> errors = new ConcurrentHashMap<>();
    Map<String, Integer> codes = new ConcurrentHashMap<>();
    java.util.Set<Integer> accepted = ConcurrentHashMap.newKeySet();
    AtomicLong slowestMillis = new AtomicLong();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> get(http, management, "/readyz").statusCode() == 200);
      long rssAtStart = rssKb(process.pid(), "VmRSS");

      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
      sampler.scheduleAtFixedRate(
          () -> {
            try {
              maxRssKb.accumulateAndGet(rssKb(process.pid(), "VmRSS"), Math::max);
              String metrics = get(http, management, "/metrics").body();
              maxHeap.accumulateAndGet(
                  sum(metrics, "jvm_memory_used_bytes\\{area=\"heap\""), Math::max);
              maxInFlightBytes.accumulateAndGet(
                  sum(metrics, "sluice_gateway_kafka_in_flight_bytes"), Math::max);
              maxInFlightMessages.accumulateAndGet(
                  sum(metrics, "sluice_gateway_kafka_in_flight_messages"), Math::max);
              maxReading.accumulateAndGet(
                  sum(metrics, "sluice_gateway_requests_reading"), Math::max);
            } catch (Exception e) {
              // A sample missed under load; the next one counts.
            }
          },
          0,
          250,
          TimeUnit.MILLISECONDS);
      // Open loop, like many independent clients: up to CONCURRENT requests out at once, each
      // a new one as soon as an answer comes, far past what the in-flight bound admits.
      Semaphore permits = new Semaphore(CONCURRENT);
      long until = System.nanoTime() + LOAD.toNanos();
      int sent = 0;
      while (System.nanoTime() < until) {
        if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue;
        }
        int n = sent++;
        long asked = System.nanoTime();
        http.sendAsync(batch(port, n), HttpResponse.BodyHandlers.ofString())
            .whenComplete(
                (answer, error) -> {
                  slowestMillis.accumulateAndGet(
                      TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked), Math::max);
                  if (error != null) {
                    noAnswer.incrementAndGet();
                    Throwable cause = error.getCause() == null ? error : error.getCause();
                    errors.merge(cause.getClass().getSimpleName(), 1, Integer::sum);
                  } else {
                    statuses
                        .computeIfAbsent(answer.statusCode(), s -> new AtomicInteger())
                        .incrementAndGet();
                    if (answer.statusCode() == 200) {
                      accepted.add(n);
                    }
                    Matcher code = CODE.matcher(answer.body());
                    if (answer.statusCode() != 200 && code.find()) {
                      codes.merge(code.group(1), 1, Integer::sum);
                    }
                  }
                  permits.release();
                });
      }
      assertThat(permits.tryAcquire(CONCURRENT, 90, TimeUnit.SECONDS))
          .as("every request was answered")
          .isTrue();
      sampler.shutdown();
      sampler.awaitTermination(10, TimeUnit.SECONDS);
      long rssPeakKb = rssKb(process.pid(), "VmHWM");

      Map<Integer, Integer> counted = new TreeMap<>();
      statuses.forEach((s, n) -> counted.put(s, n.get()));
      int requests = counted.values().stream().mapToInt(Integer::intValue).sum();
      System.out.printf(
          "overload: %d requests of %d messages, %d at once, for %s against a 32 KB/s"
              + " producer quota: statuses %s, codes %s, %d without answer %s, slowest answer %d ms;"
              + " in flight at most %d messages /"
              + " %d MiB (bound 100,000 / 64 MiB); heap used at most %d MiB of -Xmx%dm; RSS %d MiB"
              + " at start, %d MiB at most (VmHWM %d MiB)%n",
          requests,
          BATCH,
          CONCURRENT,
          LOAD,
          counted,
          codes,
          noAnswer.get(),
          errors,
          slowestMillis.get(),
          maxInFlightMessages.get(),
          maxInFlightBytes.get() >> 20,
          maxHeap.get() >> 20,
          XMX_MB,
          rssAtStart >> 10,
          maxRssKb.get() >> 10,
          rssPeakKb >> 10);

      String after = get(http, management, "/metrics").body();
      System.out.printf(
          "overload: refused at the headers: %d in_flight, %d reading; at most %d requests being"
              + " read and parsed at once (sampled)%n",
          sum(after, "sluice_gateway_requests_refused_total\\{reason=\"in_flight\""),
          sum(after, "sluice_gateway_requests_refused_total\\{reason=\"reading\""),
          maxReading.get());
      Files.copy(
          log,
          Path.of("target", "overload-gateway.log"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      assertThat(process.isAlive()).as("the gateway is still running").isTrue();
      assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
      assertThat(counted.keySet()).isSubsetOf(200, 429, 503);
      assertThat(counted.getOrDefault(503, 0) + counted.getOrDefault(429, 0))
          .as("overload is answered")
          .isPositive();
      assertThat(noAnswer.get()).isZero();
      assertThat(maxInFlightMessages.get()).isLessThanOrEqualTo(100_000 + BATCH);
      assertThat(maxInFlightBytes.get()).isLessThanOrEqualTo((64L << 20) + (1L << 20));
      assertThat(rssPeakKb >> 10).isLessThan(RSS_BOUND_MB);
      // Once the load stops, what waited for Kafka drains or times out: nothing stays queued.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  sum(
                          get(http, management, "/metrics").body(),
                          "sluice_gateway_kafka_in_flight_messages")
                      == 0);
      // Nothing answered 200 is lost: every messageId of an accepted batch is in the topic.
      java.util.Set<String> logged = new java.util.HashSet<>();
      for (var record : KafkaRecords.all(kafka.bootstrapServers(), "sluice.test.overload")) {
        logged.add(KafkaRecords.json(record).path("messageId").asText());
      }
      List<String> lost = new java.util.ArrayList<>();
      for (int n : accepted) {
        for (int i = 0; i < BATCH; i++) {
          if (!logged.contains("o-" + n + "-" + i)) {
            lost.add("o-" + n + "-" + i);
          }
        }
      }
      System.out.printf(
          "overload: %d messages answered 200, %d in the topic, %d lost%n",
          accepted.size() * BATCH, logged.size(), lost.size());
      assertThat(lost).as("accepted messages missing from the topic").isEmpty();
    } finally {
      throttle(kafka, null);
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static HttpRequest batch(int port, int n) {
    StringBuilder body = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < BATCH; i++) {
      body.append(i > 0 ? "," : "")
          .append("{\"type\":\"track\",\"event\":\"Overload\",\"userId\":\"u-")
          .append((n * 31 + i) % 997)
          .append("\",\"messageId\":\"o-")
          .append(n)
          .append('-')
          .append(i)
          .append("\",\"properties\":{\"n\":")
          .append(i)
          .append(",\"sku\":\"SKU-")
          .append(Integer.toHexString(n * 7919 + i))
          .append("\",\"revenue\":")
          .append(i * 1.5)
          .append("}}");
    }
    body.append("]}");
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/batch"))
        .timeout(CLIENT_TIMEOUT)
        .header("Authorization", TestGateway.basic(KEY))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }

  /** A producer byte-rate quota on the gateway's client id; null removes it. */
  private static void throttle(EmbeddedKafka kafka, Double bytesPerSecond) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin
          .alterClientQuotas(
              List.of(
                  new ClientQuotaAlteration(
                      new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, CLIENT_ID)),
                      List.of(new ClientQuotaAlteration.Op("producer_byte_rate", bytesPerSecond)))))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  /** A field of /proc/PID/status in kB (VmRSS now, VmHWM the peak). */
  private static long rssKb(long pid, String field) throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException(field + " not in /proc/" + pid + "/status");
  }

  /** The sum of every sample of a metric in Prometheus text (all its label sets). */
  private static long sum(String metrics, String prefix) {
    Matcher m = Pattern.compile("(?m)^" + prefix + ".* ([0-9.eE+-]+)$").matcher(metrics);
    double total = 0;
    while (m.find()) {
      total += Double.parseDouble(m.group(1));
    }
    return (long) total;
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
