package dev.sluice.workers;

import static dev.sluice.workers.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.DeliveryPolicy;
import dev.sluice.api.config.SluiceHeaders;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.embedded.sink.RecordingSink;
import dev.sluice.runtime.deadletter.DeadLetter;
import dev.sluice.runtime.deadletter.DeadLetterReader;
import dev.sluice.runtime.deadletter.FailureContext;
import dev.sluice.runtime.kafka.KafkaSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11, destinations down: a webhook down for longer than the delivery policy's
 * maxRetryDuration ends with every message in the dead-letter topic, each with its failure context;
 * one that goes down and up every second loses nothing and dead-letters nothing.
 */
@Tag("reliability")
@ExtendWith(SluiceInfra.class)
class DestinationOutageReliabilityIT {
  private static final Duration DEADLINE = Duration.ofSeconds(120);

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
  static void stopVertx() {
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

  @Test
  void aDestinationDownPastMaxRetryDurationDeadLettersEverythingWithWhy() throws Exception {
    int count = 300;
    String topic = topic("outage");
    String dest = unique("down");
    sink.down();
    Duration maxRetry = Duration.ofSeconds(2);
    WorkerConfig config =
        worker(
            dest,
            webhook(sink.url("/"), null),
            new DeliveryPolicy(
                100,
                DeliveryPolicy.BackoffPolicy.EXPONENTIAL,
                Duration.ofMillis(100),
                Duration.ofMillis(500),
                maxRetry,
                true),
            WorkerConfig.Ordering.KEY,
            List.of(connection("c1", "web", topic, "earliest")));
    workers =
        Workers.start(vertx, testOptions(kafka.bootstrapServers()), List.of(config), registry)
            .await();
    // 100 users, 3 messages each: a user's messages wait for each other (key order), so the
    // outage lasts about 3 x maxRetryDuration.
    List<ObjectNode> sent =
        IntStream.range(0, count).mapToObj(i -> track("user-" + (i % 100), "E", i)).toList();
    long started = System.nanoTime();
    Map<String, RecordMetadata> where = produce(topic, sent);

    List<DeadLetter> letters = new ArrayList<>();
    try (DeadLetterReader reader =
        new DeadLetterReader(
            KafkaSettings.of(kafka.bootstrapServers()),
            config.deadLetterTopic(),
            Duration.ofSeconds(30))) {
      // The topic appears with the first dead letter (the operator creates it in a cluster).
      await()
          .atMost(DEADLINE)
          .ignoreExceptionsInstanceOf(dev.sluice.runtime.deadletter.DeadLetterException.class)
          .until(reader::count, n -> n >= count);
      letters.addAll(reader.read(count * 2).letters());
    }
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(letters).hasSize(count);
    Map<String, ObjectNode> byId = new HashMap<>();
    sent.forEach(m -> byId.put(m.get("messageId").asText(), m));
    HashSet<String> seen = new HashSet<>();
    for (DeadLetter d : letters) {
      ObjectNode original = (ObjectNode) parse(d.value());
      String id = original.get("messageId").asText();
      assertThat(seen.add(id)).as("dead-lettered once: " + id).isTrue();
      assertThat(d.value()).isEqualTo(bytes(byId.get(id)));
      assertThat(d.key()).isEqualTo(original.get("userId").asText());
      FailureContext f = d.failure();
      assertThat(f.source()).isEqualTo("web");
      assertThat(f.destination()).isEqualTo(dest);
      assertThat(f.connection()).isEqualTo("c1");
      assertThat(f.attempts()).isGreaterThan(1);
      assertThat(f.lastStatus()).isZero(); // no HTTP answer: connection refused
      assertThat(f.lastError()).isNotBlank();
      assertThat(f.firstAttempt()).isNotNull();
      assertThat(f.lastAttempt()).isAfter(f.firstAttempt());
      // No retry starts past maxRetryDuration; the last one may end a moment after it.
      assertThat(Duration.between(f.firstAttempt(), f.lastAttempt()))
          .isLessThan(maxRetry.plusSeconds(3));
      assertThat(f.originalTopic()).isEqualTo(topic);
      assertThat(f.originalPartition()).isEqualTo(where.get(id).partition());
      assertThat(f.originalOffset()).isEqualTo(where.get(id).offset());
    }
    assertThat(seen).isEqualTo(byId.keySet());
    assertThat(counter("sluice.worker.dead.lettered")).isEqualTo(count);
    assertThat(counter("sluice.worker.delivered")).isZero();
    Fixtures.awaitCommitted(kafka, config.destination(), count, DEADLINE);
    System.out.printf(
        "outage: %d messages dead-lettered in %d ms (maxRetryDuration %s)%n",
        count, tookMs, maxRetry);
  }

  @Test
  void aDestinationThatFlapsGetsEverythingAndNothingIsDeadLettered() throws Exception {
    int batches = 20;
    int perBatch = 50;
    String topic = topic("flap");
    String dest = unique("flap");
    WorkerConfig config =
        worker(
            dest,
            webhook(sink.url("/"), null),
            new DeliveryPolicy(
                1000,
                DeliveryPolicy.BackoffPolicy.EXPONENTIAL,
                Duration.ofMillis(100),
                Duration.ofMillis(500),
                Duration.ofSeconds(60),
                true),
            WorkerConfig.Ordering.KEY,
            List.of(connection("c1", "web", topic, "earliest")));
    workers =
        Workers.start(vertx, testOptions(kafka.bootstrapServers()), List.of(config), registry)
            .await();

    // Down and up every second while messages arrive in batches every 300 ms.
    AtomicInteger outages = new AtomicInteger();
    ScheduledExecutorService flapper = Executors.newSingleThreadScheduledExecutor();
    flapper.scheduleAtFixedRate(
        () -> {
          if (outages.get() % 2 == 0) {
            sink.down();
          } else {
            sink.up();
          }
          outages.incrementAndGet();
        },
        500,
        1000,
        TimeUnit.MILLISECONDS);
    List<ObjectNode> sent = new ArrayList<>();
    ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger produced = new AtomicInteger();
    List<ObjectNode> all =
        IntStream.range(0, batches * perBatch)
            .mapToObj(i -> track("user-" + (i % 200), "E", i))
            .toList();
    sent.addAll(all);
    producer.scheduleAtFixedRate(
        () -> {
          int b = produced.getAndIncrement();
          if (b < batches) {
            produce(topic, all.subList(b * perBatch, (b + 1) * perBatch));
          }
        },
        0,
        300,
        TimeUnit.MILLISECONDS);
    try {
      await().atMost(DEADLINE).until(() -> produced.get() >= batches);
      producer.shutdown();
      await().atMost(DEADLINE).until(() -> outages.get() >= 12);
    } finally {
      producer.shutdownNow();
      flapper.shutdownNow();
      flapper.awaitTermination(10, TimeUnit.SECONDS);
      sink.up();
    }
    HashSet<String> expected = new HashSet<>(idsOf(sent));
    await()
        .atMost(DEADLINE)
        .until(() -> new HashSet<>(ids(sink.succeeded())).containsAll(expected));
    Fixtures.awaitCommitted(kafka, config.destination(), sent.size(), DEADLINE);

    int deliveries = sink.succeeded().size();
    assertThat(counter("sluice.worker.dead.lettered")).isZero();
    assertThat(counter("sluice.worker.retried")).isPositive();
    try (DeadLetterReader reader =
        new DeadLetterReader(
            KafkaSettings.of(kafka.bootstrapServers()),
            config.deadLetterTopic(),
            Duration.ofSeconds(30))) {
      assertThat(reader.count()).isZero();
    } catch (dev.sluice.runtime.deadletter.DeadLetterException e) {
      assertThat(e.getMessage()).contains("does not exist"); // never written to
    }
    System.out.printf(
        "flapping: %d messages, %d outages, %d retries, %d deliveries (%d duplicates: answers"
            + " lost when the sink closed mid-request)%n",
        sent.size(),
        outages.get() / 2,
        (long) counter("sluice.worker.retried"),
        deliveries,
        deliveries - expected.size());
  }

  private double counter(String name) {
    return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  /** A fresh topic with 3 partitions. */
  private static String topic(String base) throws Exception {
    String topic = unique(base);
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    }
    return topic;
  }

  /** Produces as the gateway would (key = userId, source header); where each message landed. */
  private static Map<String, RecordMetadata> produce(String topic, List<ObjectNode> messages) {
    Map<String, RecordMetadata> where = new HashMap<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      List<java.util.concurrent.Future<RecordMetadata>> futures = new ArrayList<>();
      for (ObjectNode m : messages) {
        ProducerRecord<byte[], byte[]> record =
            new ProducerRecord<>(
                topic, m.get("userId").asText().getBytes(StandardCharsets.UTF_8), bytes(m));
        record.headers().add(SluiceHeaders.SOURCE, "web".getBytes(StandardCharsets.UTF_8));
        record
            .headers()
            .add(
                SluiceHeaders.RECEIVED_AT,
                Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        futures.add(producer.send(record));
      }
      producer.flush();
      for (int i = 0; i < messages.size(); i++) {
        where.put(messages.get(i).get("messageId").asText(), futures.get(i).get());
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return where;
  }
}
