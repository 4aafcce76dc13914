package dev.sluice.workers;

import static dev.sluice.workers.Fixtures.*;
import static dev.sluice.workers.warehouse.Warehouses.columns;
import static dev.sluice.workers.warehouse.Warehouses.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.api.config.SluiceHeaders;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.workers.warehouse.Corpus;
import dev.sluice.workers.warehouse.Postgres;
import dev.sluice.workers.warehouse.Warehouses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The warehouse destination behind a real broker, loading a real PostgreSQL. */
class WarehouseDeliveryIT {
  static EmbeddedKafka kafka;
  static Vertx vertx;
  final List<Workers> running = new ArrayList<>();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  String url;
  HikariDataSource db;

  @BeforeAll
  static void broker() {
    kafka = EmbeddedKafka.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopBroker() {
    vertx.close().await();
    kafka.close();
  }

  @BeforeEach
  void database() {
    url = Postgres.newDatabase();
    db = Warehouses.pool(url);
  }

  @AfterEach
  void stop() {
    running.forEach(w -> w.close().await());
    db.close();
  }

  private Workers start(WorkerOptions options, WorkerConfig config) {
    Workers w = Workers.start(vertx, options, List.of(config), registry).await();
    running.add(w);
    await().atMost(Duration.ofSeconds(60)).until(() -> w.readiness().problem() == null);
    return w;
  }

  private WorkerConfig warehouse(String topic, int maxEvents) {
    return worker(
        unique("wh"),
        Warehouses.settings(url, maxEvents, Duration.ofMillis(200)),
        FAST_RETRIES,
        WorkerConfig.Ordering.KEY,
        List.of(connection("c", "web", topic, "earliest")));
  }

  private static ObjectNode added(String id, Object quantity) {
    ObjectNode m = track("u-1", "Item Added", 0);
    m.put("messageId", id);
    ObjectNode p = m.putObject("properties");
    if (quantity instanceof Integer i) {
      p.put("quantity", i);
    } else {
      p.put("quantity", String.valueOf(quantity));
    }
    return m;
  }

  @Test
  void everyMessageTypeLandsNewColumnsAppearAndAValueThatDoesNotFitIsDeadLettered() {
    String topic = unique("wh-src");
    WorkerConfig config = warehouse(topic, 100);
    start(testOptions(kafka.bootstrapServers()), config);
    List<ObjectNode> first = new ArrayList<>(Corpus.messages());
    first.add(added("a-1", 2));
    produce(kafka.bootstrapServers(), topic, first);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> tableCount("item_added") == 1 && tableCount("aliases") == 1);
    for (String table :
        List.of(
            "tracks",
            "order_completed",
            "identifies",
            "users",
            "pages",
            "screens",
            "groups",
            "accounts",
            "aliases")) {
      assertThat(tableCount(table)).as(table).isGreaterThanOrEqualTo(1);
    }

    ObjectNode lots = added("a-2", "lots");
    ObjectNode withColour = added("a-3", 3);
    ((ObjectNode) withColour.get("properties")).put("colour", "teal");
    produce(kafka.bootstrapServers(), topic, List.of(lots, withColour));

    List<ConsumerRecord<byte[], byte[]>> dead =
        readAll(kafka.bootstrapServers(), config.deadLetterTopic(), 1, Duration.ofSeconds(60));
    assertThat(dead).hasSize(1);
    assertThat(parse(dead.get(0).value()).get("messageId").asText()).isEqualTo("a-2");
    assertThat(header(dead.get(0), SluiceHeaders.LAST_ERROR))
        .contains("item_added.quantity does not fit its column type bigint");
    await().atMost(Duration.ofSeconds(30)).until(() -> tableCount("item_added") == 2);
    assertThat(columns(db, "web", "item_added")).containsEntry("colour", "text");
    assertThat(count(db, "SELECT count(*) FROM web.item_added WHERE id = 'a-2'")).isZero();
    assertThat(
            registry.get("sluice.warehouse.rows.loaded").tags("table", "tracks").counter().count())
        .isEqualTo(3);
  }

  @Test
  void aWorkerKilledMidBatchAndRestartedLeavesNoMissingAndNoDuplicateRow() throws Exception {
    String topic = unique("wh-crash");
    WorkerConfig config = warehouse(topic, 50);
    // Commits never come due: after the crash everything is redelivered, loaded or not.
    // No dedup log either (decision 0112 would remove the redeliveries this test is about).
    WorkerOptions neverCommit =
        testOptionsBuilder(kafka.bootstrapServers())
            .commitInterval(Duration.ofHours(1))
            .dedupLog(false)
            .build();
    Workers first = start(neverCommit, config);
    List<ObjectNode> loaded =
        IntStream.range(0, 200).mapToObj(i -> track("u" + i % 7, "Clicked", i)).toList();
    produce(kafka.bootstrapServers(), topic, loaded);
    await().atMost(Duration.ofSeconds(60)).until(() -> tableCount("clicked") == 200);

    List<ObjectNode> inFlight =
        IntStream.range(200, 300).mapToObj(i -> track("u" + i % 7, "Clicked", i)).toList();
    try (Connection blocker = db.getConnection()) {
      blocker.setAutoCommit(false);
      try (Statement s = blocker.createStatement()) {
        // The next batch writes clicked (name order) and then waits here, mid-transaction.
        s.execute("LOCK TABLE web.tracks IN ACCESS EXCLUSIVE MODE");
      }
      produce(kafka.bootstrapServers(), topic, inFlight);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  count(
                          db,
                          "SELECT count(*) FROM pg_stat_activity WHERE application_name ="
                              + " 'sluice-warehouse' AND wait_event_type = 'Lock'")
                      > 0);
      first.abort().await();
      running.remove(first);
      blocker.rollback();
    }
    assertThat(tableCount("tracks")).isEqualTo(200);

    start(testOptionsBuilder(kafka.bootstrapServers()).dedupLog(false).build(), config);
    await().atMost(Duration.ofSeconds(60)).until(() -> tableCount("tracks") == 300);
    await().atMost(Duration.ofSeconds(30)).until(() -> tableCount("clicked") == 300);
    assertThat(count(db, "SELECT count(DISTINCT id) FROM web.clicked")).isEqualTo(300);
    assertThat(count(db, "SELECT count(DISTINCT id) FROM web.tracks")).isEqualTo(300);
    List<String> ids = new ArrayList<>(idsOf(loaded));
    ids.addAll(idsOf(inFlight));
    assertThat(
            Warehouses.query(db, "SELECT id FROM web.tracks").stream()
                .map(r -> (String) r.get("id"))
                .toList())
        .containsExactlyInAnyOrderElementsOf(ids);
  }

  private long tableCount(String table) {
    try {
      return count(db, "SELECT count(*) FROM web.\"" + table + "\"");
    } catch (IllegalStateException e) {
      return -1; // not created yet
    }
  }
}
