package dev.sluice.workers;

import static dev.sluice.workers.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.DeliveryPolicy;
import dev.sluice.api.config.DestinationSettings;
import dev.sluice.api.config.FilterConfig;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.embedded.sink.RecordedRequest;
import dev.sluice.embedded.sink.RecordingSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Guarantees of the hosting layer: at-least-once across crashes, isolation, live changes. */
@ExtendWith(SluiceInfra.class)
class WorkersIT {
  static EmbeddedKafka kafka;
  static Vertx vertx;
  final List<RecordingSink> sinks = new ArrayList<>();
  final List<Workers> running = new ArrayList<>();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeAll
  static void broker(EmbeddedKafka shared) {
    kafka = shared;
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopBroker() {
    vertx.close().await();
  }

  @AfterEach
  void stop() {
    running.forEach(w -> w.close().await());
    sinks.forEach(RecordingSink::close);
  }

  private RecordingSink sink() {
    RecordingSink sink = new RecordingSink(vertx).start(0);
    sinks.add(sink);
    return sink;
  }

  private Workers start(WorkerOptions options, List<WorkerConfig> configs) {
    Workers w = Workers.start(vertx, options, configs, registry).await();
    running.add(w);
    await().atMost(Duration.ofSeconds(60)).until(() -> w.readiness().problem() == null);
    return w;
  }

  private WorkerConfig hook(
      String dest, RecordingSink sink, WorkerConfig.Ordering ordering, String... topics) {
    List<dev.sluice.api.config.ConnectionConfig> conns = new ArrayList<>();
    for (String t : topics) {
      conns.add(connection("from-" + t, "web", t, "earliest"));
    }
    return worker(dest, webhook(sink.url("/"), null), FAST_RETRIES, ordering, conns);
  }

  @Test
  void aCrashBeforeCommittingRedeliversEverythingAndLosesNothing() throws Exception {
    String topic = unique("crash");
    RecordingSink sink = sink();
    WorkerConfig config = hook(unique("d"), sink, WorkerConfig.Ordering.KEY, topic);
    // Commits never come due: everything consumed is still uncommitted at the crash.
    // No dedup log either (decision 0112 would remove the redeliveries this test is about).
    WorkerOptions neverCommit =
        testOptionsBuilder(kafka.bootstrapServers())
            .commitInterval(Duration.ofHours(1))
            .dedupLog(false)
            .build();
    Workers first = start(neverCommit, List.of(config));
    List<ObjectNode> before =
        IntStream.range(0, 20).mapToObj(i -> track("u" + i % 4, "E", i)).toList();
    produce(kafka.bootstrapServers(), topic, before);
    sink.awaitSucceeded(20, Duration.ofSeconds(60));

    first.abort().await();
    running.remove(first);
    start(testOptionsBuilder(kafka.bootstrapServers()).dedupLog(false).build(), List.of(config));
    List<ObjectNode> after = IntStream.range(0, 5).mapToObj(i -> track("v" + i, "E", i)).toList();
    produce(kafka.bootstrapServers(), topic, after);

    sink.awaitSucceeded(45, Duration.ofSeconds(60));
    List<String> delivered = ids(sink.succeeded());
    for (String id : idsOf(before)) {
      assertThat(Collections.frequency(delivered, id)).as("redelivered " + id).isEqualTo(2);
    }
    assertThat(delivered).containsAll(idsOf(after));
  }

  @Test
  void aGracefulStopCommitsWhatIsDoneSoNothingIsRedelivered() throws Exception {
    String topic = unique("graceful");
    RecordingSink sink = sink();
    WorkerConfig config = hook(unique("d"), sink, WorkerConfig.Ordering.KEY, topic);
    Workers first = start(testOptions(kafka.bootstrapServers()), List.of(config));
    List<ObjectNode> before = IntStream.range(0, 10).mapToObj(i -> track("same", "E", i)).toList();
    produce(kafka.bootstrapServers(), topic, before);
    sink.awaitSucceeded(10, Duration.ofSeconds(60));

    first.close().await();
    running.remove(first);
    start(testOptions(kafka.bootstrapServers()), List.of(config));
    ObjectNode last = track("same", "E", 10);
    produce(kafka.bootstrapServers(), topic, List.of(last));

    // One key, in order: had anything been redelivered it would arrive before the last message.
    sink.awaitRequests(
        all -> ids(all).contains(last.get("messageId").asText()),
        Duration.ofSeconds(60),
        "the last message");
    assertThat(ids(sink.succeeded())).hasSize(11).doesNotHaveDuplicates();
  }

  @Test
  void aStopWhileRetriesArePendingLeavesThemForTheRestartInsteadOfDeadLettering() throws Exception {
    String topic = unique("stop-retrying");
    RecordingSink sink = sink().respondAlways(503);
    // The whole retry budget (at most ~7 s) fits well inside the drain timeout: a drain that kept
    // retrying would dead-letter every message before the stop returned.
    DeliveryPolicy fewRetries =
        new DeliveryPolicy(
            3,
            DeliveryPolicy.BackoffPolicy.EXPONENTIAL,
            Duration.ofSeconds(1),
            Duration.ofSeconds(4),
            Duration.ofSeconds(10),
            true);
    WorkerConfig config =
        worker(
            unique("d"),
            webhook(sink.url("/"), null),
            fewRetries,
            WorkerConfig.Ordering.KEY,
            List.of(connection("from-" + topic, "web", topic, "earliest")));
    WorkerOptions longDrain =
        testOptionsBuilder(kafka.bootstrapServers()).drainTimeout(Duration.ofSeconds(30)).build();
    Workers first = start(longDrain, List.of(config));
    List<ObjectNode> messages =
        IntStream.range(0, 6).mapToObj(i -> track("u" + i, "E", i)).toList();
    produce(kafka.bootstrapServers(), topic, messages);
    sink.awaitRequests(
        all -> new HashSet<>(ids(all)).containsAll(idsOf(messages)),
        Duration.ofSeconds(60),
        "a first attempt of every message");

    long stopping = System.nanoTime();
    first.close().await();
    running.remove(first);
    Duration stop = Duration.ofNanos(System.nanoTime() - stopping);
    assertThat(stop)
        .as("the drain ends once only abandoned retries are left")
        .isLessThan(Duration.ofSeconds(20));
    assertThat(
            readAll(kafka.bootstrapServers(), config.deadLetterTopic(), 1, Duration.ofSeconds(5)))
        .as("dead letters written during the stop")
        .hasSize(0);

    sink.respondAlways(200);
    start(testOptions(kafka.bootstrapServers()), List.of(config));
    sink.awaitRequests(
        all ->
            new HashSet<>(ids(all.stream().filter(RecordedRequest::succeeded).toList()))
                .containsAll(idsOf(messages)),
        Duration.ofSeconds(60),
        "every message delivered after the restart");
    assertThat(
            readAll(kafka.bootstrapServers(), config.deadLetterTopic(), 1, Duration.ofSeconds(2)))
        .as("dead letters")
        .hasSize(0);
  }

  @Test
  void aFailingDestinationDoesNotSlowAnother() throws Exception {
    String topic = unique("shared");
    RecordingSink broken = sink().respondAlways(503).delay(Duration.ofMillis(500));
    RecordingSink healthy = sink();
    WorkerConfig bad = hook(unique("bad"), broken, WorkerConfig.Ordering.NONE, topic);
    WorkerConfig good = hook(unique("good"), healthy, WorkerConfig.Ordering.NONE, topic);
    start(testOptions(kafka.bootstrapServers()), List.of(bad, good));
    List<ObjectNode> sent = IntStream.range(0, 300).mapToObj(i -> track("u" + i, "E", i)).toList();
    long startNanos = System.nanoTime();
    produce(kafka.bootstrapServers(), topic, sent);

    healthy.awaitSucceeded(300, Duration.ofSeconds(30));
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);

    broken.awaitCount(1, Duration.ofSeconds(30));
    assertThat(broken.succeeded()).isEmpty();
    // 300 messages to a loopback sink: seconds at most, while the other destination is stuck.
    assertThat(took).isLessThan(Duration.ofSeconds(15));
    assertThat(ids(healthy.succeeded())).containsExactlyInAnyOrderElementsOf(idsOf(sent));
  }

  @Test
  void configurationChangesApplyLiveWithoutLosingOrDuplicating() throws Exception {
    String topic = unique("live");
    String other = unique("live-other");
    RecordingSink sink = sink();
    WorkerConfig config = hook(unique("d"), sink, WorkerConfig.Ordering.KEY, topic);
    // A message already waiting in the other Source's topic: replayed once that Source is
    // connected.
    ObjectNode backlog = track("x", "Backlog", 0);
    produce(kafka.bootstrapServers(), other, List.of(backlog));
    Workers workers = start(testOptions(kafka.bootstrapServers()), List.of(config));

    List<ObjectNode> first =
        IntStream.range(0, 30).mapToObj(i -> track("u" + i % 3, "E", i)).toList();
    produce(kafka.bootstrapServers(), topic, first);
    // Rotate the credential and connect the other Source while messages are in flight.
    DestinationSettings.Webhook rotated =
        new DestinationSettings.Webhook(
            sink.url("/"),
            Map.of("X-Api-Key", "k-456"),
            null,
            1,
            1 << 20,
            Duration.ofMillis(50),
            Duration.ofSeconds(5));
    WorkerConfig changed =
        withConnections(
            withSettings(config, rotated),
            List.of(
                config.connections().get(0), connection("from-other", "app", other, "earliest")));
    workers.update(List.of(changed)).await();
    List<ObjectNode> second =
        IntStream.range(30, 60).mapToObj(i -> track("u" + i % 3, "E", i)).toList();
    produce(kafka.bootstrapServers(), topic, second);

    sink.awaitSucceeded(61, Duration.ofSeconds(60));
    await().atMost(Duration.ofSeconds(30)).until(() -> workers.readiness().problem() == null);
    List<ObjectNode> all = new ArrayList<>(first);
    all.addAll(second);
    all.add(backlog);
    assertThat(ids(sink.succeeded())).containsExactlyInAnyOrderElementsOf(idsOf(all));
    List<RecordedRequest> afterChange =
        sink.succeeded().stream()
            .filter(r -> parse(r.body()).get("properties").get("n").asInt() >= 30)
            .toList();
    assertThat(afterChange).allSatisfy(r -> assertThat(r.header("X-Api-Key")).isEqualTo("k-456"));

    // Removing the destination stops its pipeline and readiness no longer depends on it.
    workers.update(List.of()).await();
    assertThat(workers.readiness().problem()).isNull();
  }

  @Test
  void anEditedFilterAppliesToWhatIsReadAfterIt() throws Exception {
    String topic = unique("filter-edit");
    RecordingSink sink = sink();
    WorkerConfig config = hook(unique("d"), sink, WorkerConfig.Ordering.KEY, topic);
    Workers workers = start(testOptions(kafka.bootstrapServers()), List.of(config));
    ObjectNode before = track("a", "Signed Up", 1);
    produce(kafka.bootstrapServers(), topic, List.of(before));
    sink.awaitSucceeded(1, Duration.ofSeconds(60));

    FilterConfig onlyOrders =
        new FilterConfig(null, new FilterConfig.EventNames(List.of("Order *"), null), null, null);
    workers
        .update(
            List.of(
                withConnections(
                    config,
                    List.of(connection("from-" + topic, "web", topic, onlyOrders, List.of())))))
        .await();
    ObjectNode dropped = track("a", "Signed Up", 2);
    ObjectNode order = track("a", "Order Completed", 3);
    produce(kafka.bootstrapServers(), topic, List.of(dropped, order));

    // Same key, in order: had the dropped one passed, it would have arrived before the order.
    sink.awaitRequests(
        all -> ids(all).contains(order.get("messageId").asText()),
        Duration.ofSeconds(60),
        "the order");
    assertThat(ids(sink.succeeded()))
        .containsExactly(before.get("messageId").asText(), order.get("messageId").asText());

    // A filter that does not compile is refused and the running one stays.
    var broken = new FilterConfig(null, null, "message.properties.(", null);
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    workers
                        .update(
                            List.of(
                                withConnections(
                                    config,
                                    List.of(
                                        connection(
                                            "from-" + topic, "web", topic, broken, List.of())))))
                        .await()))
        .hasMessageContaining("does not compile");
    ObjectNode stillDropped = track("a", "Signed Up", 4);
    ObjectNode another = track("a", "Order Placed", 5);
    produce(kafka.bootstrapServers(), topic, List.of(stillDropped, another));
    sink.awaitRequests(
        all -> ids(all).contains(another.get("messageId").asText()),
        Duration.ofSeconds(60),
        "another order");
    assertThat(ids(sink.succeeded())).doesNotContain(stillDropped.get("messageId").asText());
  }

  @Test
  void aNewConnectionStartsWhereItsStartSays() throws Exception {
    String latestTopic = unique("from-latest");
    String timeTopic = unique("from-time");
    produce(kafka.bootstrapServers(), latestTopic, List.of(track("old", "E", 0)));
    produce(kafka.bootstrapServers(), timeTopic, List.of(track("old", "E", 0)));
    Instant cut = Instant.now();
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(cut.plusMillis(20)));
    ObjectNode afterCut = track("new", "E", 1);
    produce(kafka.bootstrapServers(), timeTopic, List.of(afterCut));

    RecordingSink sink = sink();
    WorkerConfig config =
        worker(
            unique("d"),
            webhook(sink.url("/"), null),
            FAST_RETRIES,
            WorkerConfig.Ordering.KEY,
            List.of(
                connection("latest", "a", latestTopic, "latest"),
                connection("timed", "b", timeTopic, cut.toString())));
    start(testOptions(kafka.bootstrapServers()), List.of(config));
    ObjectNode fresh = track("new", "E", 2);
    produce(kafka.bootstrapServers(), latestTopic, List.of(fresh));

    sink.awaitSucceeded(2, Duration.ofSeconds(60));
    assertThat(ids(sink.succeeded()))
        .containsExactlyInAnyOrder(
            afterCut.get("messageId").asText(), fresh.get("messageId").asText());
  }

  @Test
  void duplicatesWithinTheWindowAreDeliveredOnce() throws Exception {
    String topic = unique("dup");
    RecordingSink sink = sink();
    WorkerConfig config = hook(unique("d"), sink, WorkerConfig.Ordering.KEY, topic);
    start(testOptions(kafka.bootstrapServers()), List.of(config));
    ObjectNode once = track("a", "E", 1);
    ObjectNode marker = track("a", "E", 2);
    produce(kafka.bootstrapServers(), topic, List.of(once, once.deepCopy(), marker));

    sink.awaitRequests(
        all -> ids(all).contains(marker.get("messageId").asText()),
        Duration.ofSeconds(60),
        "the marker");
    assertThat(ids(sink.succeeded()))
        .containsExactly(once.get("messageId").asText(), marker.get("messageId").asText());
    assertThat(registry.find("sluice.worker.duplicates").counter().count()).isEqualTo(1);
  }

  @Test
  void theContainerEntryPointServesReloadsAndReports(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    String topic = unique("main");
    RecordingSink sink = sink();
    WorkerConfig config = hook(unique("d"), sink, WorkerConfig.Ordering.KEY, topic);
    java.nio.file.Path file = dir.resolve("worker.json");
    java.nio.file.Files.writeString(file, ConfigJson.write(config));
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    try (WorkerMain.Running main =
        WorkerMain.start(
            new String[] {
              "--config",
              file.toString(),
              "--kafka",
              kafka.bootstrapServers(),
              "--management-port",
              "0"
            })) {
      String base = "http://127.0.0.1:" + main.managementPort();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> get(http, base + "/readyz").statusCode() == 200);
      ObjectNode one = track("a", "E", 1);
      produce(kafka.bootstrapServers(), topic, List.of(one));
      sink.awaitSucceeded(1, Duration.ofSeconds(60));

      DestinationSettings.Webhook rotated =
          new DestinationSettings.Webhook(
              sink.url("/"),
              Map.of("X-Api-Key", "rotated"),
              null,
              1,
              1 << 20,
              Duration.ofMillis(50),
              Duration.ofSeconds(5));
      java.nio.file.Files.writeString(file, ConfigJson.write(withSettings(config, rotated)));
      // Keep sending until one arrives with the new credential: the file is polled.
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                produce(kafka.bootstrapServers(), topic, List.of(track("a", "E", 2)));
                return sink.succeeded().stream()
                    .anyMatch(r -> "rotated".equals(r.header("X-Api-Key")));
              });
      String metrics = get(http, base + "/metrics").body();
      assertThat(metrics)
          .contains("sluice_worker_delivered_total{")
          .contains("sluice_worker_delivery_latency_seconds_bucket")
          .contains("sluice_worker_consumer_lag");
    }
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> WorkerMain.start(new String[] {"--kafka", "x:1"})))
        .hasMessageContaining("--config FILE (or SLUICE_CONFIG) is required");
  }

  private static java.net.http.HttpResponse<String> get(java.net.http.HttpClient http, String url)
      throws Exception {
    return http.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theRateLimitSpacesDeliveries() throws Exception {
    String topic = unique("rate");
    RecordingSink sink = sink();
    WorkerConfig config = withRate(hook(unique("d"), sink, WorkerConfig.Ordering.NONE, topic), 20);
    start(testOptions(kafka.bootstrapServers()), List.of(config));
    produce(
        kafka.bootstrapServers(),
        topic,
        IntStream.range(0, 50).mapToObj(i -> track("u" + i, "E", i)).toList());

    List<RecordedRequest> got = sink.awaitSucceeded(50, Duration.ofSeconds(60));

    // A burst of at most one second's worth (20), then 20 a second: 30 more take at least 1.5 s.
    Duration spread = Duration.between(got.get(0).receivedAt(), got.get(49).receivedAt());
    assertThat(spread).isGreaterThanOrEqualTo(Duration.ofMillis(1300));
  }
}
