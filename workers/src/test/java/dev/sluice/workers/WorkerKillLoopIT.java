package dev.sluice.workers;

import static dev.sluice.workers.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.embedded.sink.RecordedRequest;
import dev.sluice.embedded.sink.RecordingSink;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 messages through a worker process killed with SIGKILL over and over while it delivers
 * (issue 11): afterwards every messageId reached the sink at least once, and duplicates stay under
 * 1%. Each restarted process keeps the instance id (decision 0059), finds the done offsets in the
 * commit's metadata (0058, 0110) and the delivered messageIds in the dedup log (0112).
 */
// About 2-3 minutes on a loaded 2-core machine: one of the reliability profile's long tests.
@Tag("reliability")
@ExtendWith(SluiceInfra.class)
class WorkerKillLoopIT {
  static final int MESSAGES = 100_000;
  static final int PARTITIONS = 4;
  static final int KILLS = 5;

  /** Delivered (distinct) between two kills: a few seconds of this worker's throughput. */
  static final int PER_ROUND = 16_000;

  /**
   * What a kill repeats is what was on the wire (concurrency x batch) plus the keys done in the
   * dedup log's last milliseconds: with 25 x 4 a fast, quiet run came to 0.9% over five kills
   * (about 180 a kill), too near the 1% this test is about to say anything; 10 x 4 leaves the log's
   * share the same and the wire's at 40.
   */
  static final int BATCH = 10;

  static final int CONCURRENCY = 4;

  @Test
  void killedOverAndOverEverythingArrivesWithUnderOnePercentDuplicates(
      EmbeddedKafka kafka, @TempDir Path dir) throws Exception {
    Vertx vertx = Vertx.vertx();
    RecordingSink sink = new RecordingSink(vertx).start(0);
    Tally tally = new Tally(sink);
    try {
      String topic = unique("killloop");
      String dest = unique("hook");
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
      }
      WorkerConfig base =
          worker(
              dest,
              batchedWebhook(sink.url("/in"), BATCH),
              Defaults.DELIVERY,
              WorkerConfig.Ordering.KEY,
              List.of(connection("c1", "web", topic, "earliest")));
      WorkerConfig config =
          new WorkerConfig(
              base.namespace(),
              base.destination(),
              base.integrationName(),
              base.consumerGroup(),
              base.deadLetterTopic(),
              base.settings(),
              base.delivery(),
              0,
              CONCURRENCY,
              base.ordering(),
              Duration.ofMinutes(10),
              MESSAGES,
              base.connections());
      Path file = dir.resolve("worker.json");
      Files.writeString(file, ConfigJson.write(config));
      List<ObjectNode> sent =
          IntStream.range(0, MESSAGES).mapToObj(i -> track("u" + (i % 200), "E", i)).toList();
      produce(kafka.bootstrapServers(), topic, sent);

      long started = System.nanoTime();
      int kills = 0;
      for (int round = 0; round < KILLS; round++) {
        int goal = Math.min(MESSAGES, tally.distinct() + PER_ROUND);
        Process worker = WorkerCrashIT.startWorker(kafka, file, dir.resolve("w" + round + ".log"));
        try {
          await().atMost(Duration.ofSeconds(120)).until(() -> tally.update() >= goal);
        } finally {
          worker.destroyForcibly(); // SIGKILL while deliveries are on the wire
          assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        kills++;
      }
      Process last = WorkerCrashIT.startWorker(kafka, file, dir.resolve("last.log"));
      try {
        await().atMost(Duration.ofSeconds(180)).until(() -> tally.update() == MESSAGES);
        // Nothing more arrives once everything is committed: the last worker finishes its work.
        tally.update();
      } finally {
        last.destroy();
        last.waitFor(60, TimeUnit.SECONDS);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      int duplicates = tally.total() - tally.distinct();
      System.out.printf(
          "WorkerKillLoopIT: %d messages, %d SIGKILLs, %d delivered, %d duplicates (%.3f%%),"
              + " %.0f s%n",
          MESSAGES, kills, tally.total(), duplicates, 100.0 * duplicates / MESSAGES, seconds);
      assertThat(tally.ids.keySet()).containsExactlyInAnyOrderElementsOf(idsOf(sent));
      assertThat(duplicates).isLessThan(MESSAGES / 100);
    } finally {
      sink.close();
      vertx.close().await();
    }
  }

  /** Counts each messageId the sink accepted, reading only requests it has not read yet. */
  private static final class Tally {
    private final RecordingSink sink;
    final Map<String, Integer> ids = new HashMap<>();
    private int read;
    private int total;

    Tally(RecordingSink sink) {
      this.sink = sink;
    }

    synchronized int update() {
      List<RecordedRequest> all = sink.succeeded();
      for (RecordedRequest r : all.subList(read, all.size())) {
        for (JsonNode m : parse(r.body()).get("batch")) {
          ids.merge(m.get("messageId").asText(), 1, Integer::sum);
          total++;
        }
      }
      read = all.size();
      return ids.size();
    }

    synchronized int distinct() {
      return ids.size();
    }

    synchronized int total() {
      return total;
    }
  }
}
