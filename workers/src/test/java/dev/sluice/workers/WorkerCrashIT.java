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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  /**
   * Without the dedup log (window off) what a restart redelivers is what was on the wire plus what
   * was delivered since the last commit; with it, only what was on the wire.
   */
  @ParameterizedTest(name = "dedup log {0}")
  @ValueSource(booleans = {false, true})
  void aKilledWorkerRedeliversOnlyWhatWasInFlight(
      boolean dedupLog, EmbeddedKafka kafka, @TempDir Path dir) throws Exception {
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
          withDedupWindow(
              worker(
                  dest,
                  webhook(sink.url("/in"), null),
                  Defaults.DELIVERY, // retries after 0.5 s, 1 s, ...: a backlog is pending
                  WorkerConfig.Ordering.KEY,
                  List.of(connection("c1", "web", topic, "earliest"))),
              dedupLog ? Duration.ofMinutes(5) : Duration.ZERO);
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
      Path secondLog = dir.resolve("second.log");
      Process second = startWorker(kafka, file, secondLog);
      try {
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> Files.readString(secondLog).contains("ready; management on port"));
        long ready = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.succeeded().size() > atKill);
        double startSeconds = (ready - restarted) / 1e9;
        double resumeSeconds = (System.nanoTime() - ready) / 1e9;
        // The same instance id (the pod's name) takes the partitions back at once, rather than
        // after the group's 45 s session timeout (decision 0059). What is measured starts when the
        // new process is up: its JVM's start is the machine's business (15 s when this 2-core
        // machine's load average was 28), not the group's. The group part is about 2 s of it
        // (the worker's log: ready, joined, assigned); the rest is a cold JVM on a loaded machine.
        assertThat(resumeSeconds).isLessThan(RESUME_BOUND_SECONDS);
        await().atMost(Duration.ofSeconds(240)).until(() -> distinct(sink.succeeded()) == MESSAGES);
        Fixtures.awaitCommitted(kafka, dest, MESSAGES, Duration.ofSeconds(60));
        List<RecordedRequest> got = sink.succeeded();
        int duplicates = got.size() - distinct(got);
        System.out.printf(
            "WorkerCrashIT (dedup log %s): %d messages, %d delivered at the kill at %.0f/s, %d"
                + " duplicates; restarted process up after %.1f s, first delivery %.1f s later%n",
            dedupLog, MESSAGES, atKill, rate, duplicates, startSeconds, resumeSeconds);
        assertThat(Set.copyOf(ids(got))).isEqualTo(Set.copyOf(idsOf(sent)));
        // Without the log: what was on the wire (concurrency 16 x batch 1) plus what was delivered
        // since the last commit (decision 0110), not the retry backlog. With the log, the
        // restarted worker knows what was delivered before the kill: only what was on the wire
        // at the kill, which no one can know about, arrives twice, plus the few done just before
        // it whose dedup entry was not written yet (decision 0112).
        assertThat(duplicates)
            .isLessThanOrEqualTo(dedupLog ? IN_FLIGHT + DEDUP_WRITE_SLACK : DUPLICATE_BOUND);
      } finally {
        second.destroy();
        second.waitFor(60, TimeUnit.SECONDS);
        Path keep = Path.of("/tmp/crashlogs-" + dedupLog);
        Files.createDirectories(keep);
        for (String f : List.of("first.log", "second.log")) {
          Files.copy(
              dir.resolve(f), keep.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } finally {
      sink.close();
      vertx.close().await();
    }
  }

  static final int DUPLICATE_BOUND = 500;

  /** The worker's concurrency x batch size: what can be on the wire at the kill. */
  static final int IN_FLIGHT = 16;

  /**
   * Messages done in the last moments before the kill whose dedup entry had not reached the broker
   * yet: a few milliseconds of throughput on a quiet machine. Measured with the log: 16 and 36
   * duplicates at about 1,000-1,500 deliveries/s with the machine's load average at 26-39.
   */
  static final int DEDUP_WRITE_SLACK = 48;

  /**
   * From the restarted process being up to its first delivery: measured 1.9 to 10.9 s with the
   * machine's load average at 26-28; it was 45 s (the session timeout) before decision 0059's
   * change. The bound leaves room for the load and still fails the old behaviour.
   */
  static final double RESUME_BOUND_SECONDS = 30;

  private static WorkerConfig withDedupWindow(WorkerConfig c, Duration window) {
    return new WorkerConfig(
        c.namespace(),
        c.destination(),
        c.integrationName(),
        c.consumerGroup(),
        c.deadLetterTopic(),
        c.settings(),
        c.delivery(),
        c.eventsPerSecond(),
        c.concurrency(),
        c.ordering(),
        window,
        MESSAGES,
        c.connections());
  }

  private static int distinct(List<RecordedRequest> requests) {
    return new HashSet<>(ids(requests)).size();
  }

  static Process startWorker(EmbeddedKafka kafka, Path config, Path log) throws Exception {
    // The pod's name in a cluster: the restarted container keeps it.
    return startWorker(kafka, config, log, "worker-0");
  }

  /** A worker process with {@code instanceId} as its pod's name. */
  static Process startWorker(EmbeddedKafka kafka, Path config, Path log, String instanceId)
      throws Exception {
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
    builder.environment().put("SLUICE_INSTANCE_ID", instanceId);
    builder.environment().put("SLUICE_MANAGEMENT_PORT", Integer.toString(freePort()));
    return builder.start();
  }

  private static Admin admin(EmbeddedKafka kafka) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
