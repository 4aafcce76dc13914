package dev.sluice.workers;

import static dev.sluice.workers.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.DeliveryPolicy;
import dev.sluice.api.config.DestinationSettings;
import dev.sluice.api.config.FilterConfig;
import dev.sluice.api.config.SluiceHeaders;
import dev.sluice.api.config.TransformConfig;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.embedded.sink.RecordedRequest;
import dev.sluice.embedded.sink.RecordingSink;
import dev.sluice.workers.webhook.Signature;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The webhook destination end to end: real broker, real HTTP receiver, real retries. */
@ExtendWith(SluiceInfra.class)
class WebhookDeliveryIT {
  static EmbeddedKafka kafka;
  static Vertx vertx;
  RecordingSink sink;
  Workers workers;
  SimpleMeterRegistry registry;

  @BeforeAll
  static void broker(EmbeddedKafka shared) {
    kafka = shared;
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopBroker() {
    vertx.close().await();
  }

  @BeforeEach
  void sink() {
    sink = new RecordingSink(vertx).start(0);
    registry = new SimpleMeterRegistry();
  }

  @AfterEach
  void stop() {
    if (workers != null) {
      workers.close().await();
    }
    sink.close();
  }

  private WorkerOptions options() {
    return testOptions(kafka.bootstrapServers());
  }

  private void start(WorkerConfig config) {
    workers = Workers.start(vertx, options(), List.of(config), registry).await();
  }

  @Test
  void postsEachMessageSignedWithItsHeaders() throws Exception {
    String topic = unique("signed");
    String dest = unique("hook");
    start(
        worker(
            dest,
            webhook(sink.url("/in"), "s3cret"),
            FAST_RETRIES,
            WorkerConfig.Ordering.KEY,
            List.of(connection("c1", "web", topic, "earliest"))));
    List<ObjectNode> sent =
        IntStream.range(0, 5).mapToObj(i -> track("u" + i, "Order Completed", i)).toList();
    produce(kafka.bootstrapServers(), topic, sent);

    List<RecordedRequest> got = sink.awaitSucceeded(5, Duration.ofSeconds(60));

    Signature verifier = new Signature("s3cret");
    Map<String, JsonNode> byId = new HashMap<>();
    for (RecordedRequest r : got) {
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.path()).isEqualTo("/in");
      assertThat(r.header("Content-Type")).isEqualTo("application/json");
      assertThat(r.header("User-Agent")).startsWith("Sluice/");
      assertThat(r.header("X-Api-Key")).isEqualTo("k-123");
      assertThat(r.header("X-Signature")).isEqualTo(verifier.sign(r.body()));
      JsonNode body = parse(r.body());
      byId.put(body.get("messageId").asText(), body);
    }
    for (ObjectNode m : sent) {
      assertThat(byId.get(m.get("messageId").asText())).isEqualTo(m);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                registry.find("sluice.worker.delivered").counter() != null
                    && registry.find("sluice.worker.delivered").counter().count() == 5);
    assertThat(registry.find("sluice.worker.delivery.latency").timer().count()).isEqualTo(5);
  }

  @Test
  void filtersAndTransformsApplyPerConnection() throws Exception {
    String topic = unique("routed");
    String dest = unique("hook");
    FilterConfig filter =
        new FilterConfig(
            List.of("track"),
            new FilterConfig.EventNames(List.of("Order *"), null),
            "double(message.properties.revenue) > 10.0",
            null);
    List<TransformConfig> transforms =
        List.of(
            new TransformConfig(List.of("properties.card"), null, null, null),
            new TransformConfig(null, null, null, Map.of("properties.currency", "'USD'")));
    start(
        worker(
            dest,
            webhook(sink.url("/"), null),
            FAST_RETRIES,
            WorkerConfig.Ordering.KEY,
            List.of(connection("orders", "web", topic, filter, transforms))));
    ObjectNode identify = track("a", "x", 1);
    identify.put("type", "identify");
    identify.remove("event");
    ObjectNode viewed = track("a", "Product Viewed", 50);
    ObjectNode small = track("a", "Order Completed", 0);
    ObjectNode big = track("a", "Order Completed", 5);
    ((ObjectNode) big.get("properties")).put("card", "4111111111111111");
    ObjectNode marker = track("a", "Order Refunded", 7);
    produce(kafka.bootstrapServers(), topic, List.of(identify, viewed, small, big, marker));

    List<RecordedRequest> got = sink.awaitSucceeded(2, Duration.ofSeconds(60));
    assertThat(got).hasSize(2);
    JsonNode delivered = parse(got.get(0).body());
    assertThat(delivered.get("messageId").asText()).isEqualTo(big.get("messageId").asText());
    assertThat(delivered.get("properties").has("card")).isFalse();
    assertThat(delivered.get("properties").get("currency").asText()).isEqualTo("USD");
    assertThat(delivered.get("properties").get("revenue").asInt()).isEqualTo(50);
    assertThat(parse(got.get(1).body()).get("messageId").asText())
        .isEqualTo(marker.get("messageId").asText());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(filtered("type")).isEqualTo(1);
              assertThat(filtered("event")).isEqualTo(1);
              assertThat(filtered("condition_false")).isEqualTo(1);
            });
    Fixtures.awaitCommitted(kafka, dest, 5, Duration.ofSeconds(60));
  }

  private double filtered(String reason) {
    var c = registry.find("sluice.worker.filtered").tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void serverErrorsAreRetriedAndEachMessageIsDeliveredOnce() throws Exception {
    String topic = unique("retry");
    String dest = unique("hook");
    sink.respondWith(500, 503, 500, 502, 500);
    start(
        worker(
            dest,
            webhook(sink.url("/"), null),
            FAST_RETRIES,
            WorkerConfig.Ordering.KEY,
            List.of(connection("c1", "web", topic, "earliest"))));
    List<ObjectNode> sent =
        IntStream.range(0, 10).mapToObj(i -> track("u" + (i % 3), "E", i)).toList();
    produce(kafka.bootstrapServers(), topic, sent);

    Fixtures.awaitCommitted(kafka, dest, 10, Duration.ofSeconds(60));

    List<String> delivered =
        sink.succeeded().stream().map(r -> parse(r.body()).get("messageId").asText()).toList();
    assertThat(delivered)
        .containsExactlyInAnyOrderElementsOf(
            sent.stream().map(m -> m.get("messageId").asText()).toList());
    assertThat(sink.count()).isEqualTo(15);
    assertThat(registry.find("sluice.worker.retried").counter().count()).isEqualTo(5);
  }

  @Test
  void aTimedOutRequestIsRetried() throws Exception {
    String topic = unique("timeout");
    sink.delay(Duration.ofSeconds(2));
    DestinationSettings.Webhook quick =
        new DestinationSettings.Webhook(
            sink.url("/"),
            Map.of(),
            null,
            1,
            1 << 20,
            Duration.ofMillis(50),
            Duration.ofMillis(200));
    start(
        worker(
            unique("hook"),
            quick,
            FAST_RETRIES,
            WorkerConfig.Ordering.KEY,
            List.of(connection("c1", "web", topic, "earliest"))));
    produce(kafka.bootstrapServers(), topic, List.of(track("a", "E", 1)));

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> registry.find("sluice.worker.retried").counter() != null);
    sink.delay(Duration.ZERO);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                registry.find("sluice.worker.delivered").counter() != null
                    && registry.find("sluice.worker.delivered").counter().count() == 1);
    assertThat(registry.find("sluice.worker.dead.lettered").counter().count()).isZero();
  }

  @Test
  void retryAfterIsHonoured() throws Exception {
    String topic = unique("retry-after");
    sink.respondWith(429).responseHeaders(Map.of("Retry-After", "1"));
    start(
        worker(
            unique("hook"),
            webhook(sink.url("/"), null),
            FAST_RETRIES,
            WorkerConfig.Ordering.KEY,
            List.of(connection("c1", "web", topic, "earliest"))));
    produce(kafka.bootstrapServers(), topic, List.of(track("a", "E", 1)));

    List<RecordedRequest> got = sink.awaitSucceeded(1, Duration.ofSeconds(60));

    List<RecordedRequest> all = sink.requests();
    assertThat(all).hasSize(2);
    assertThat(all.get(0).status()).isEqualTo(429);
    // The policy alone would retry after 10-20 ms; the destination asked for a second.
    assertThat(Duration.between(all.get(0).receivedAt(), got.get(0).receivedAt()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void clientErrorsGoToTheDeadLetterTopicAtOnceWithWhy() throws Exception {
    String topic = unique("reject");
    String dest = unique("hook");
    sink.respondAlways(400);
    WorkerConfig config =
        worker(
            dest,
            webhook(sink.url("/"), null),
            FAST_RETRIES,
            WorkerConfig.Ordering.KEY,
            List.of(connection("c1", "web", topic, "earliest")));
    start(config);
    List<ObjectNode> sent = List.of(track("a", "E", 1), track("b", "E", 2));
    produce(kafka.bootstrapServers(), topic, sent);

    List<ConsumerRecord<byte[], byte[]>> dead =
        readAll(kafka.bootstrapServers(), config.deadLetterTopic(), 2, Duration.ofSeconds(60));

    assertThat(dead).hasSize(2);
    for (ConsumerRecord<byte[], byte[]> r : dead) {
      assertThat(r.value())
          .satisfiesAnyOf(
              v -> assertThat(v).isEqualTo(bytes(sent.get(0))),
              v -> assertThat(v).isEqualTo(bytes(sent.get(1))));
      assertThat(header(r, SluiceHeaders.DESTINATION)).isEqualTo(dest);
      assertThat(header(r, SluiceHeaders.CONNECTION)).isEqualTo("c1");
      assertThat(header(r, SluiceHeaders.ATTEMPTS)).isEqualTo("1");
      assertThat(header(r, SluiceHeaders.LAST_STATUS)).isEqualTo("400");
      assertThat(header(r, SluiceHeaders.LAST_ERROR)).contains("400");
      Instant first = Instant.parse(header(r, SluiceHeaders.FIRST_ATTEMPT));
      Instant last = Instant.parse(header(r, SluiceHeaders.LAST_ATTEMPT));
      assertThat(last).isAfterOrEqualTo(first);
      assertThat(header(r, SluiceHeaders.SOURCE)).isEqualTo("web");
    }
    assertThat(sink.count()).isEqualTo(2);
    Fixtures.awaitCommitted(kafka, dest, 2, Duration.ofSeconds(60));
  }

  @Test
  void aSinkDownPastMaxRetryDurationDeadLetters() throws Exception {
    String topic = unique("down");
    String dest = unique("hook");
    sink.down();
    DeliveryPolicy shortPolicy =
        new DeliveryPolicy(
            100,
            DeliveryPolicy.BackoffPolicy.EXPONENTIAL,
            Duration.ofMillis(50),
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            true);
    WorkerConfig config =
        worker(
            dest,
            webhook(sink.url("/"), null),
            shortPolicy,
            WorkerConfig.Ordering.NONE,
            List.of(connection("c1", "web", topic, "earliest")));
    start(config);
    produce(
        kafka.bootstrapServers(),
        topic,
        List.of(track("a", "E", 1), track("a", "E", 2), track("b", "E", 3)));

    List<ConsumerRecord<byte[], byte[]>> dead =
        readAll(kafka.bootstrapServers(), config.deadLetterTopic(), 3, Duration.ofSeconds(60));

    assertThat(dead).hasSize(3);
    for (ConsumerRecord<byte[], byte[]> r : dead) {
      assertThat(header(r, SluiceHeaders.LAST_STATUS)).isEqualTo("0");
      assertThat(Integer.parseInt(header(r, SluiceHeaders.ATTEMPTS))).isGreaterThan(1);
      assertThat(header(r, SluiceHeaders.LAST_ERROR)).isNotBlank();
      Duration tried =
          Duration.between(
              Instant.parse(header(r, SluiceHeaders.FIRST_ATTEMPT)),
              Instant.parse(header(r, SluiceHeaders.LAST_ATTEMPT)));
      // No retry starts past maxRetryDuration (1 s); the last one may end a little after it.
      assertThat(tried).isLessThan(Duration.ofSeconds(3));
    }
    Fixtures.awaitCommitted(kafka, dest, 3, Duration.ofSeconds(60));
  }

  @Test
  void keepsPerKeyOrderWhileRetrying() throws Exception {
    String topic = unique("order");
    String dest = unique("hook");
    sink.respondWith(500, 500, 500, 429, 500, 503);
    start(
        worker(
            dest,
            webhook(sink.url("/"), null),
            FAST_RETRIES,
            WorkerConfig.Ordering.KEY,
            List.of(connection("c1", "web", topic, "earliest"))));
    List<ObjectNode> sent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      for (String user : List.of("a", "b", "c")) {
        sent.add(track(user, "E", i));
      }
    }
    produce(kafka.bootstrapServers(), topic, sent);

    List<RecordedRequest> got = sink.awaitSucceeded(30, Duration.ofSeconds(60));

    Map<String, List<Integer>> perUser = new HashMap<>();
    for (RecordedRequest r : got) {
      JsonNode body = parse(r.body());
      perUser
          .computeIfAbsent(body.get("userId").asText(), u -> new ArrayList<>())
          .add(body.get("properties").get("n").asInt());
    }
    List<Integer> inOrder = IntStream.range(0, 10).boxed().toList();
    assertThat(perUser).containsOnlyKeys("a", "b", "c");
    perUser.values().forEach(ns -> assertThat(ns).containsExactlyElementsOf(inOrder));
  }

  @Test
  void keyOrderedBatchesCarrySeveralMessagesOfOneKeyInOrder() throws Exception {
    String topic = unique("batch-key");
    sink.respondWith(500, 503);
    start(
        worker(
            unique("hook"),
            batchedWebhook(sink.url("/"), 10),
            FAST_RETRIES,
            WorkerConfig.Ordering.KEY,
            List.of(connection("c1", "web", topic, "earliest"))));
    List<ObjectNode> sent =
        IntStream.range(0, 30).mapToObj(i -> track("one-user", "E", i)).toList();
    produce(kafka.bootstrapServers(), topic, sent);

    sink.awaitRequests(
        all ->
            all.stream()
                    .filter(RecordedRequest::succeeded)
                    .mapToInt(r -> parse(r.body()).get("batch").size())
                    .sum()
                >= 30,
        Duration.ofSeconds(60),
        "30 batched messages");

    List<Integer> order = new ArrayList<>();
    for (RecordedRequest r : sink.succeeded()) {
      parse(r.body()).get("batch").forEach(m -> order.add(m.get("properties").get("n").asInt()));
    }
    assertThat(order).containsExactlyElementsOf(IntStream.range(0, 30).boxed().toList());
    // One user's messages share batches instead of going one request each.
    assertThat(sink.succeeded().size()).isLessThan(30);
  }

  @Test
  void batchesUpToMaxEventsAsABatchObject() throws Exception {
    String topic = unique("batch");
    String dest = unique("hook");
    start(
        worker(
            dest,
            batchedWebhook(sink.url("/"), 10),
            FAST_RETRIES,
            WorkerConfig.Ordering.NONE,
            List.of(connection("c1", "web", topic, "earliest"))));
    List<ObjectNode> sent = IntStream.range(0, 25).mapToObj(i -> track("u" + i, "E", i)).toList();
    produce(kafka.bootstrapServers(), topic, sent);

    sink.awaitRequests(
        all -> all.stream().mapToInt(r -> parse(r.body()).get("batch").size()).sum() >= 25,
        Duration.ofSeconds(60),
        "25 batched messages");

    List<String> ids = new ArrayList<>();
    for (RecordedRequest r : sink.requests()) {
      JsonNode batch = parse(r.body()).get("batch");
      assertThat(batch.size()).isBetween(1, 10);
      batch.forEach(m -> ids.add(m.get("messageId").asText()));
    }
    assertThat(ids)
        .containsExactlyInAnyOrderElementsOf(
            sent.stream().map(m -> m.get("messageId").asText()).toList());
    assertThat(sink.count()).isLessThan(25);
  }
}
