package dev.sluice.workers;

import static dev.sluice.workers.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.embedded.sink.RecordedRequest;
import dev.sluice.embedded.sink.RecordingSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What keeping the dedup window in a compacted topic costs (decision 0112): the same 20,000
 * messages delivered by a batched webhook with the dedup log off and on, alternating twice in one
 * run, so that load from elsewhere on the machine shows as a difference between rounds. Prints the
 * rates (bench/RESULTS.md); asserts only that every round delivers everything.
 */
// A measurement, not a check: by hand only, like the soak (it is not in CI's reliability run):
// ./mvnw -o -pl workers -am verify -Psoak -Dit.test=DedupLogCostIT
@Tag("soak")
@ExtendWith(SluiceInfra.class)
class DedupLogCostIT {
  static final int MESSAGES = 20_000;

  @Test
  void theDedupLogsCostInThroughput(EmbeddedKafka kafka) throws Exception {
    Vertx vertx = Vertx.vertx();
    RecordingSink sink = new RecordingSink(vertx).start(0);
    try {
      String topic = unique("dedupcost");
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get();
      }
      List<ObjectNode> sent =
          IntStream.range(0, MESSAGES).mapToObj(i -> track("u" + (i % 200), "E", i)).toList();
      produce(kafka.bootstrapServers(), topic, sent);

      List<String> lines = new ArrayList<>();
      for (boolean on : new boolean[] {false, true, false, true}) {
        double rate = round(vertx, kafka, sink, topic, on);
        lines.add(String.format("dedup log %s: %,.0f events/s", on ? "on " : "off", rate));
        System.out.println("DedupLogCostIT round: " + lines.get(lines.size() - 1));
      }
      System.out.println("DedupLogCostIT (" + MESSAGES + " messages, batches of 100):");
      lines.forEach(l -> System.out.println("  " + l));
    } finally {
      sink.close();
      vertx.close().await();
    }
  }

  /** Events per second from the first delivery to the last, for a fresh consumer group. */
  private static double round(
      Vertx vertx, EmbeddedKafka kafka, RecordingSink sink, String topic, boolean dedupLog)
      throws Exception {
    sink.clear();
    WorkerConfig config =
        worker(
            unique("cost"),
            batchedWebhook(sink.url("/in"), 100),
            Defaults.DELIVERY,
            WorkerConfig.Ordering.KEY,
            List.of(connection("c1", "web", topic, "earliest")));
    WorkerOptions options =
        testOptionsBuilder(kafka.bootstrapServers())
            .commitInterval(Duration.ZERO)
            .dedupLog(dedupLog)
            .build();
    Workers workers =
        Workers.start(vertx, options, List.of(config), new SimpleMeterRegistry()).await();
    try {
      int[] counted = {0, 0};
      long[] first = {0};
      await()
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                List<RecordedRequest> all = sink.succeeded();
                for (RecordedRequest r : all.subList(counted[1], all.size())) {
                  counted[0] += parse(r.body()).get("batch").size();
                }
                counted[1] = all.size();
                if (first[0] == 0 && counted[0] > 0) {
                  first[0] = System.nanoTime();
                }
                return counted[0] >= MESSAGES;
              });
      double seconds = (System.nanoTime() - first[0]) / 1e9;
      assertThat(counted[0]).isEqualTo(MESSAGES);
      return MESSAGES / seconds;
    } finally {
      workers.close().await();
    }
  }
}
