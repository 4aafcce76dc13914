package dev.sluice.workers;

import static dev.sluice.workers.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.embedded.sink.RecordedRequest;
import dev.sluice.embedded.sink.RecordingSink;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process killed with SIGKILL halfway through while retries are pending, then restarted
 * (issue 11): everything arrives, and only what was really in flight is delivered twice, because
 * the offsets done above a pending retry travel in the commit's metadata (decision 0058).
 */
// About 90 s: one of the long fault tests of the reliability profile (issue 11).
@Tag("reliability")
@ExtendWith(SluiceInfra.class)
class WorkerCrashIT {
  private static final int MESSAGES = 10_000;
  private static final int PARTITIONS = 4;

  @Test
  void aKilledWorkerRedeliversOnlyWhatWasInFlight(EmbeddedKafka kafka, @TempDir Path dir)
      throws Exception {
    Vertx vertx = Vertx.vertx();
    RecordingSink sink = new RecordingSink(vertx).start(0);
    try {
      // Every 97th POST fails once: a retry is pending in most partitions most of the time.
      int[] statuses = new int[MESSAGES * 2];
      for (int i = 0; i < statuses.length; i++) {
        statuses[i] = i % 97 == 96 ? 500 : 200;
      }
      sink.respondWith(statuses);
      String topic = unique("crash");
      String dest = unique("hook");
      try (Admin admin = admin(kafka)) {
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
      }
      WorkerConfig config =
          worker(
              dest,
              webhook(sink.url("/in"), null),
              Defaults.DELIVERY, // retries after 0.5 s, 1 s, ...: a backlog is pending
              WorkerConfig.Ordering.KEY,
              List.of(connection("c1", "web", topic, "earliest")));
      Path file = dir.resolve("worker.json");
      Files.writeString(file, ConfigJson.write(config));
      List<ObjectNode> sent =
          IntStream.range(0, MESSAGES).mapToObj(i -> track("u" + (i % 200), "E", i)).toList();
      produce(kafka.bootstrapServers(), topic, sent);

      Process first = startWorker(kafka, file, dir.resolve("first.log"));
      long fromNanos;
      int from;
      try {
        await()
            .atMost(Duration.ofSeconds(180))
            .until(() -> distinct(sink.succeeded()) >= MESSAGES / 4);
        fromNanos = System.nanoTime();
        from = sink.succeeded().size();
        await()
            .atMost(Duration.ofSeconds(180))
            .until(() -> distinct(sink.succeeded()) >= MESSAGES / 2);
      } finally {
        first.destroyForcibly(); // SIGKILL: no drain, no last commit
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      int atKill = sink.succeeded().size();
      double rate = (atKill - from) / ((System.nanoTime() - fromNanos) / 1e9);

      long restarted = System.nanoTime();
      Process second = startWorker(kafka, file, dir.resolve("second.log"));
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.succeeded().size() > atKill);
        double resumeSeconds = (System.nanoTime() - restarted) / 1e9;
        await().atMost(Duration.ofSeconds(240)).until(() -> distinct(sink.succeeded()) == MESSAGES);
        awaitCommitted(kafka, dest, MESSAGES);
        List<RecordedRequest> got = sink.succeeded();
        int duplicates = got.size() - distinct(got);
        System.out.printf(
            "WorkerCrashIT: %d messages, %d delivered at the kill at %.0f/s, %d duplicates, first"
                + " delivery %.1f s after the restart%n",
            MESSAGES, atKill, rate, duplicates, resumeSeconds);
        assertThat(Set.copyOf(ids(got))).isEqualTo(Set.copyOf(idsOf(sent)));
        // What was on the wire (concurrency 16 x batch 1) plus what was delivered since the
        // last commit (100 ms of throughput, plus the async commit's round trip), not the retry
        // backlog. Measured: 50 to 207 with the done offsets in the metadata, 1,178 without
        // (decision 0058).
        assertThat(duplicates).isLessThanOrEqualTo(DUPLICATE_BOUND);
      } finally {
        second.destroy();
        second.waitFor(60, TimeUnit.SECONDS);
      }
    } finally {
      sink.close();
      vertx.close().await();
    }
  }

  static final int DUPLICATE_BOUND = 500;

  private static int distinct(List<RecordedRequest> requests) {
    return new HashSet<>(ids(requests)).size();
  }

  private static Process startWorker(EmbeddedKafka kafka, Path config, Path log) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                WorkerMain.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("SLUICE_CONFIG", config.toString());
    builder.environment().put("SLUICE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    builder.environment().put("SLUICE_HOST", "127.0.0.1");
    builder.environment().put("SLUICE_MANAGEMENT_PORT", Integer.toString(freePort()));
    return builder.start();
  }

  private static Admin admin(EmbeddedKafka kafka) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  private static void awaitCommitted(EmbeddedKafka kafka, String destination, long total) {
    try (Admin admin = admin(kafka)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                Map<?, OffsetAndMetadata> offsets =
                    admin
                        .listConsumerGroupOffsets("sluice.test." + destination)
                        .partitionsToOffsetAndMetadata()
                        .get();
                return offsets.values().stream()
                        .filter(o -> o != null)
                        .mapToLong(OffsetAndMetadata::offset)
                        .sum()
                    >= total;
              });
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
