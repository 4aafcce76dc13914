package dev.sluice.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.compiler.Names;
import dev.sluice.api.message.MessageJson;
import dev.sluice.cli.local.LocalRunner;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.embedded.sink.RecordedRequest;
import dev.sluice.embedded.sink.RecordingSink;
import dev.sluice.runtime.kafka.KafkaClients;
import dev.sluice.runtime.kafka.KafkaSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: the Kafka broker stops and restarts (same port, same log folder) while clients send. No
 * message answered 200 is lost; clients see 503 meanwhile and their retries succeed. Batches that
 * fail part-way (or whose answer came too late) are logged again by the client's retry with the
 * same messageIds, and the worker's messageId dedup delivers each message once.
 */
@Tag("reliability")
class BrokerRestartReliabilityIT {
  private static final String KEY = "restart-write-key";
  private static final Duration DEADLINE = Duration.ofSeconds(180);
  private static final int CLIENTS = 4;
  private static final int BATCHES = 60;
  private static final int BATCH = 25;

  @TempDir Path temp;

  @Test
  void nothingAcknowledgedIsLostAndRetriesSucceed() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start(temp.resolve("kafka"), 0, Map.of());
    try (RecordingSink sink = new RecordingSink().start(0)) {
      Path manifests = temp.resolve("manifests");
      Files.createDirectories(manifests);
      Files.writeString(manifests.resolve("all.yaml"), manifests(sink));
      LocalRunner.Options options =
          new LocalRunner.Options(
              manifests,
              temp.resolve("data"),
              kafka.bootstrapServers(),
              "127.0.0.1",
              0,
              0,
              Duration.ofSeconds(1));
      try (LocalRunner runner =
          LocalRunner.start(options, new PrintWriter(new StringWriter(), true))) {
        assertThat(runner.awaitReady(DEADLINE)).isNull();
        List<RetryingClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          RetryingClient client = new RetryingClient(runner.gatewayUrl(), KEY);
          clients.add(client);
          int n = c;
          running.add(
              pool.submit(
                  () -> {
                    for (int b = 0; b < BATCHES; b++) {
                      int batch = b;
                      client.send(
                          IntStream.range(0, BATCH)
                              .mapToObj(i -> "c" + n + "-b" + batch + "-m" + i)
                              .toList());
                    }
                  }));
        }
        int total = CLIENTS * BATCHES * BATCH;
        // Stop the broker once a quarter is in, and start it again once clients felt it.
        await().atMost(DEADLINE).until(() -> acknowledged(clients) >= total / 4);
        long ackedBefore = acknowledged(clients);
        long stopped = System.nanoTime();
        kafka.stop();
        await().atMost(DEADLINE).until(() -> unavailable(clients) >= 2 * CLIENTS);
        long ackedWhileDown = acknowledged(clients) - ackedBefore;
        kafka.restart();
        long downMs = (System.nanoTime() - stopped) / 1_000_000;
        for (Future<?> f : running) {
          f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<String> acked = clients.stream().flatMap(c -> c.acknowledged.stream()).toList();
        assertThat(acked).hasSize(total); // every batch was eventually answered 200

        String topic = Names.sourceTopic("default", "shop");
        Map<String, Integer> logged = logged(kafka.bootstrapServers(), topic, total);
        assertThat(logged.keySet()).containsAll(acked); // nothing acknowledged is lost
        long duplicatesLogged = logged.values().stream().mapToLong(n -> n - 1).sum();

        await().atMost(DEADLINE).until(() -> ids(sink.succeeded()).keySet().containsAll(acked));
        // The worker has read the whole topic (duplicates included) before counting deliveries.
        await()
            .atMost(DEADLINE)
            .until(() -> committedSum(kafka.bootstrapServers()) >= total + duplicatesLogged);
        Map<String, Integer> delivered = ids(sink.succeeded());
        long duplicatesDelivered = delivered.values().stream().mapToLong(n -> n - 1).sum();
        assertThat(duplicatesDelivered).as("dedup removes what the retries logged twice").isZero();

        int attempts = clients.stream().mapToInt(c -> c.attempts.get()).sum();
        System.out.printf(
            "broker restart: %d messages in %d batches; broker down %d ms; %d acknowledged while"
                + " it was down (before the producer noticed); %d attempts: %d x 503, %d x 429,"
                + " %d without answer; %d messages logged twice (same messageId); %d delivered"
                + " twice%n",
            total,
            CLIENTS * BATCHES,
            downMs,
            ackedWhileDown,
            attempts,
            unavailable(clients),
            clients.stream().mapToInt(c -> c.rateLimited.get()).sum(),
            clients.stream().mapToInt(c -> c.noAnswer.get()).sum(),
            duplicatesLogged,
            duplicatesDelivered);
        assertThat(unavailable(clients)).isPositive();
        assertThat(clients.stream().mapToInt(c -> c.other.get()).sum()).isZero();
      }
    } finally {
      kafka.close();
    }
  }

  private static long acknowledged(List<RetryingClient> clients) {
    return clients.stream().mapToLong(c -> c.acknowledged.size()).sum();
  }

  private static long unavailable(List<RetryingClient> clients) {
    return clients.stream().mapToLong(c -> c.unavailable.get()).sum();
  }

  private static String manifests(RecordingSink sink) {
    return """
        apiVersion: v1
        kind: Secret
        metadata: {name: shop-key}
        stringData: {writeKey: KEY}
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Source
        metadata: {name: shop}
        spec:
          writeKeys: [{secretKeyRef: {name: shop-key, key: writeKey}}]
          topic: {partitions: 3}
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Destination
        metadata: {name: hook}
        spec:
          type: webhook
          webhook: {url: "URL", timeout: PT5S}
          delivery: {retry: 1000, backoffDelay: PT0.2S, maxBackoff: PT1S}
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Connection
        metadata: {name: shop-to-hook}
        spec: {sourceRef: {name: shop}, destinationRef: {name: hook}, start: earliest}
        """
        .replace("KEY", KEY)
        .replace("URL", sink.url("/hook"));
  }

  /** messageId to how many times the topic holds it. */
  private static Map<String, Integer> logged(String bootstrap, String topic, int atLeast) {
    Map<String, Integer> counts = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            KafkaClients.reader(KafkaSettings.of(bootstrap), "restart-test"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> tps =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (System.nanoTime() < deadline
          && tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          counts.merge(messageId(r.value()), 1, Integer::sum);
        }
      }
    }
    assertThat(counts.size()).isGreaterThanOrEqualTo(atLeast);
    return counts;
  }

  private static long committedSum(String bootstrap) throws Exception {
    return EmbeddedKafka.committedTotal(bootstrap, Names.consumerGroup("default", "hook"));
  }

  private static Map<String, Integer> ids(List<RecordedRequest> requests) {
    return requests.stream()
        .map(r -> messageId(r.body()))
        .collect(Collectors.toMap(id -> id, id -> 1, Integer::sum));
  }

  private static String messageId(byte[] json) {
    try {
      JsonNode m = MessageJson.mapper().readTree(json);
      return m.path("messageId").asText();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
