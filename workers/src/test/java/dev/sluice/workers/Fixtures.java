package dev.sluice.workers;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.compiler.Names;
import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.DeliveryPolicy;
import dev.sluice.api.config.DestinationSettings;
import dev.sluice.api.config.FilterConfig;
import dev.sluice.api.config.SluiceHeaders;
import dev.sluice.api.config.TransformConfig;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.api.message.MessageJson;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.runtime.kafka.KafkaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Builders for worker configurations and Segment-like messages, and Kafka helpers. */
final class Fixtures {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private Fixtures() {}

  static final DeliveryPolicy FAST_RETRIES =
      new DeliveryPolicy(
          10,
          DeliveryPolicy.BackoffPolicy.EXPONENTIAL,
          Duration.ofMillis(20),
          Duration.ofMillis(200),
          Duration.ofSeconds(30),
          true);

  /** A fresh name so that tests sharing a broker never share topics or groups. */
  static String unique(String base) {
    return base + "-" + COUNTER.incrementAndGet();
  }

  static DestinationSettings.Webhook webhook(String url, String secret) {
    return new DestinationSettings.Webhook(
        url,
        Map.of("X-Api-Key", "k-123"),
        secret,
        1,
        1 << 20,
        Duration.ofMillis(50),
        Duration.ofSeconds(5));
  }

  static DestinationSettings.Webhook batchedWebhook(String url, int maxEvents) {
    return new DestinationSettings.Webhook(
        url, Map.of(), null, maxEvents, 1 << 20, Duration.ofMillis(100), Duration.ofSeconds(5));
  }

  static ConnectionConfig connection(String name, String source, String topic, String start) {
    return new ConnectionConfig(name, source, topic, true, null, List.of(), start);
  }

  static ConnectionConfig connection(
      String name,
      String source,
      String topic,
      FilterConfig filter,
      List<TransformConfig> transforms) {
    return new ConnectionConfig(name, source, topic, true, filter, transforms, "earliest");
  }

  static WorkerConfig worker(
      String destination,
      DestinationSettings settings,
      DeliveryPolicy delivery,
      WorkerConfig.Ordering ordering,
      List<ConnectionConfig> connections) {
    return new WorkerConfig(
        "test",
        destination,
        "Webhooks",
        Names.consumerGroup("test", destination),
        Names.deadLetterTopic("test", destination),
        settings,
        delivery,
        0,
        16,
        ordering,
        Duration.ofMinutes(5),
        10_000,
        connections);
  }

  static WorkerConfig withRate(WorkerConfig c, int eventsPerSecond) {
    return new WorkerConfig(
        c.namespace(),
        c.destination(),
        c.integrationName(),
        c.consumerGroup(),
        c.deadLetterTopic(),
        c.settings(),
        c.delivery(),
        eventsPerSecond,
        c.concurrency(),
        c.ordering(),
        c.deduplicationWindow(),
        c.deduplicationMaxEntries(),
        c.connections());
  }

  static WorkerConfig withSettings(WorkerConfig c, DestinationSettings settings) {
    return new WorkerConfig(
        c.namespace(),
        c.destination(),
        c.integrationName(),
        c.consumerGroup(),
        c.deadLetterTopic(),
        settings,
        c.delivery(),
        c.eventsPerSecond(),
        c.concurrency(),
        c.ordering(),
        c.deduplicationWindow(),
        c.deduplicationMaxEntries(),
        c.connections());
  }

  static WorkerConfig withConnections(WorkerConfig c, List<ConnectionConfig> connections) {
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
        c.deduplicationWindow(),
        c.deduplicationMaxEntries(),
        connections);
  }

  static WorkerOptions testOptions(String bootstrap) {
    return testOptionsBuilder(bootstrap).build();
  }

  static WorkerOptions.Builder testOptionsBuilder(String bootstrap) {
    return WorkerOptions.builder(
            KafkaSettings.of(bootstrap).with(Map.of("metadata.max.age.ms", "500")))
        .commitInterval(Duration.ofMillis(100))
        .drainTimeout(Duration.ofSeconds(2));
  }

  static List<String> ids(List<dev.sluice.embedded.sink.RecordedRequest> requests) {
    return requests.stream().map(r -> parse(r.body()).get("messageId").asText()).toList();
  }

  static List<String> idsOf(List<ObjectNode> messages) {
    return messages.stream().map(m -> m.get("messageId").asText()).toList();
  }

  static ObjectNode track(String userId, String event, int n) {
    ObjectNode m = MessageJson.mapper().createObjectNode();
    m.put("type", "track");
    m.put("messageId", UUID.randomUUID().toString());
    m.put("userId", userId);
    m.put("event", event);
    m.put("receivedAt", Instant.now().toString());
    m.putObject("properties").put("n", n).put("revenue", n * 10);
    return m;
  }

  static void produce(String bootstrap, String topic, List<ObjectNode> messages) {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (ObjectNode m : messages) {
        String key = m.path("userId").asText(m.path("anonymousId").asText());
        ProducerRecord<byte[], byte[]> record =
            new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), bytes(m));
        record.headers().add(SluiceHeaders.SOURCE, "web".getBytes(StandardCharsets.UTF_8));
        producer.send(record);
      }
      producer.flush();
    }
  }

  static byte[] bytes(JsonNode node) {
    return MessageJson.write(node);
  }

  static JsonNode parse(byte[] body) {
    try {
      return dev.sluice.api.message.MessageJson.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every record now in the topic (reads from the beginning until it has {@code atLeast}). */
  static List<ConsumerRecord<byte[], byte[]>> readAll(
      String bootstrap, String topic, int atLeast, Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                unique("reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (all.size() < atLeast && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(all::add);
      }
    }
    return all;
  }

  static String header(ConsumerRecord<?, ?> record, String name) {
    var h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /**
   * Waits until the Destination's consumer group (namespace "test") has committed {@code total}.
   */
  static void awaitCommitted(EmbeddedKafka kafka, String destination, long total, Duration within) {
    String group = Names.consumerGroup("test", destination);
    await()
        .atMost(within)
        .until(() -> EmbeddedKafka.committedTotal(kafka.bootstrapServers(), group) >= total);
  }
}
