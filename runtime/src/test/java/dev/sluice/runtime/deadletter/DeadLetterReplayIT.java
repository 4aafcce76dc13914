package dev.sluice.runtime.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.compiler.Names;
import dev.sluice.api.config.SluiceHeaders;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.runtime.kafka.KafkaClients;
import dev.sluice.runtime.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dead-letter library against a real broker: dead letters as a worker writes them are paged
 * through with their failure context, and replays go back to the Source topic addressed to the
 * Destination and Connection that failed.
 */
@ExtendWith(SluiceInfra.class)
class DeadLetterReplayIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  EmbeddedKafka kafka;
  KafkaSettings settings;
  String namespace;
  String sourceTopic;
  String dlq;

  @BeforeEach
  void topics(EmbeddedKafka shared) throws Exception {
    kafka = shared;
    settings = KafkaSettings.of(kafka.bootstrapServers());
    namespace = "ns" + UUID.randomUUID().toString().substring(0, 8);
    sourceTopic = Names.sourceTopic(namespace, "shop");
    dlq = Names.deadLetterTopic(namespace, "hook");
    try (Admin admin = Admin.create(KafkaClients.admin(settings, "test"))) {
      admin
          .createTopics(
              List.of(new NewTopic(sourceTopic, 2, (short) 1), new NewTopic(dlq, 2, (short) 1)))
          .all()
          .get();
    }
  }

  @Test
  void pagesThroughEveryDeadLetterWithItsFailureContext() {
    write(7, 0);
    write(5, 1);
    try (DeadLetterReader reader = new DeadLetterReader(settings, dlq, TIMEOUT)) {
      assertThat(reader.count()).isEqualTo(12);
      List<DeadLetter> all = new ArrayList<>();
      Cursor cursor = Cursor.START;
      int pages = 0;
      while (true) {
        DeadLetterPage page = reader.read(cursor, 5);
        all.addAll(page.letters());
        pages++;
        cursor = Cursor.parse(page.next().toString()); // survives a round trip through a link
        if (page.end()) {
          break;
        }
      }
      assertThat(pages).isEqualTo(3);
      assertThat(all)
          .extracting(d -> d.position().toString())
          .containsExactly(
              "0:0", "0:1", "0:2", "0:3", "0:4", "0:5", "0:6", "1:0", "1:1", "1:2", "1:3", "1:4");
      DeadLetter first = all.get(0);
      FailureContext failure = first.failure();
      assertThat(failure.source()).isEqualTo(namespace + "/shop");
      assertThat(failure.destination()).isEqualTo("hook");
      assertThat(failure.connection()).isEqualTo("shop-to-hook");
      assertThat(failure.attempts()).isEqualTo(4);
      assertThat(failure.lastStatus()).isEqualTo(503);
      assertThat(failure.lastError()).isEqualTo("HTTP 503");
      assertThat(failure.firstAttempt()).isEqualTo("2026-11-29T10:00:00Z");
      assertThat(failure.lastAttempt()).isEqualTo("2026-11-29T10:00:05Z");
      assertThat(failure.originalTopic()).isEqualTo(sourceTopic);
      assertThat(failure.originalPartition()).isEqualTo(0);
      assertThat(failure.originalOffset()).isEqualTo(100);
      assertThat(first.key()).isEqualTo("user-0-0");
      assertThat(first.message()).contains("\"messageId\":\"m-0-0\"");

      assertThat(reader.find(new Position(1, 3)))
          .get()
          .extracting(DeadLetter::message)
          .asString()
          .contains("m-1-3");
      assertThat(reader.find(new Position(1, 5))).isEmpty();
      assertThat(reader.find(new Position(7, 0))).isEmpty();
    }
  }

  @Test
  void aReplayGoesToTheSourceTopicAddressedToTheFailedConnectionOnly() throws Exception {
    write(3, 0);
    try (DeadLetterReader reader = new DeadLetterReader(settings, dlq, TIMEOUT);
        DeadLetterReplayer replayer = new DeadLetterReplayer(settings, namespace, "hook")) {
      assertThat(replayer.deadLetterTopic()).isEqualTo(dlq);
      DeadLetter letter = reader.find(new Position(0, 1)).orElseThrow();
      replayer.replay(letter).toCompletionStage().toCompletableFuture().get();

      List<ConsumerRecord<byte[], byte[]>> replays = readSource(1);
      ConsumerRecord<byte[], byte[]> replay = replays.get(0);
      assertThat(new String(replay.key(), StandardCharsets.UTF_8)).isEqualTo("user-0-1");
      assertThat(replay.value()).isEqualTo(letter.value());
      Map<String, String> headers = headers(replay);
      assertThat(headers)
          .containsEntry(SluiceHeaders.REPLAY_DESTINATION, namespace + "/hook")
          .containsEntry(SluiceHeaders.REPLAY_CONNECTION, "shop-to-hook")
          .containsEntry(SluiceHeaders.REPLAYED_FROM, dlq + "/0/1")
          .containsEntry(SluiceHeaders.SOURCE, namespace + "/shop")
          .containsEntry(SluiceHeaders.RECEIVED_AT, "2026-11-29T09:59:59Z")
          .doesNotContainKeys(
              SluiceHeaders.DESTINATION,
              SluiceHeaders.ATTEMPTS,
              SluiceHeaders.LAST_ERROR,
              SluiceHeaders.ORIGINAL_OFFSET);
    }
  }

  @Test
  void replayAllSendsWhatTheTopicHeldAtTheStartAndSkipsWhatCannotBeReplayed() {
    write(4, 0);
    writeUnreadable();
    try (DeadLetterReader reader = new DeadLetterReader(settings, dlq, TIMEOUT);
        DeadLetterReplayer replayer = new DeadLetterReplayer(settings, namespace, "hook")) {
      ReplaySummary dry = replayer.replayAll(reader, d -> null, true, TIMEOUT);
      assertThat(dry.replayed()).hasSize(4);
      assertThat(readSource(0)).isEmpty();

      ReplaySummary summary =
          replayer.replayAll(
              reader, d -> d.offset() == 2 ? "connection no longer exists" : null, false, TIMEOUT);
      assertThat(summary.replayed())
          .extracting(d -> d.position().toString())
          .containsExactly("0:0", "0:1", "0:3");
      assertThat(summary.skipped())
          .extracting(ReplaySummary.Skipped::reason)
          .containsExactly(
              "connection no longer exists",
              "not a message the worker could read (no Connection); a replay would fail again");
      assertThat(readSource(3)).hasSize(3);
    }
    assertThatThrownBy(
            () -> {
              try (DeadLetterReader reader =
                  new DeadLetterReader(settings, dlq + ".missing", Duration.ofSeconds(5))) {
                reader.count();
              }
            })
        .isInstanceOf(DeadLetterException.class)
        .hasMessageContaining("does not exist");
  }

  /** Dead letters as a worker's DeadLetters writes them, into one partition. */
  private void write(int count, int partition) {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int i = 0; i < count; i++) {
        String id = "m-" + partition + "-" + i;
        RecordHeaders h = new RecordHeaders();
        put(h, SluiceHeaders.SOURCE, namespace + "/shop");
        put(h, SluiceHeaders.WRITE_KEY_ID, "abcdef012345");
        put(h, SluiceHeaders.RECEIVED_AT, "2026-11-29T09:59:59Z");
        put(h, SluiceHeaders.DESTINATION, "hook");
        put(h, SluiceHeaders.CONNECTION, "shop-to-hook");
        put(h, SluiceHeaders.ATTEMPTS, "4");
        put(h, SluiceHeaders.LAST_STATUS, "503");
        put(h, SluiceHeaders.LAST_ERROR, "HTTP 503");
        put(h, SluiceHeaders.FIRST_ATTEMPT, "2026-11-29T10:00:00Z");
        put(h, SluiceHeaders.LAST_ATTEMPT, "2026-11-29T10:00:05Z");
        put(h, SluiceHeaders.ORIGINAL_TOPIC, sourceTopic);
        put(h, SluiceHeaders.ORIGINAL_PARTITION, Integer.toString(partition));
        put(h, SluiceHeaders.ORIGINAL_OFFSET, Integer.toString(100 + i));
        String user = "user-" + partition + "-" + i;
        String value =
            "{\"type\":\"track\",\"event\":\"E\",\"userId\":\""
                + user
                + "\",\"messageId\":\""
                + id
                + "\"}";
        producer.send(
            new ProducerRecord<>(
                dlq,
                partition,
                user.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8),
                h));
      }
      producer.flush();
    }
  }

  private void writeUnreadable() {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      RecordHeaders h = new RecordHeaders();
      put(h, SluiceHeaders.SOURCE, namespace + "/shop");
      put(h, SluiceHeaders.DESTINATION, "hook");
      put(h, SluiceHeaders.CONNECTION, "");
      producer.send(
          new ProducerRecord<byte[], byte[]>(
              dlq, 0, (byte[]) null, "not json".getBytes(StandardCharsets.UTF_8), h));
      producer.flush();
    }
  }

  private List<ConsumerRecord<byte[], byte[]>> readSource(int expected) {
    Map<String, Object> config = KafkaClients.reader(settings, "test-reader");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps =
          List.of(new TopicPartition(sourceTopic, 0), new TopicPartition(sourceTopic, 1));
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      long deadline = System.nanoTime() + Duration.ofSeconds(expected == 0 ? 2 : 30).toNanos();
      while (out.size() < Math.max(expected, 1) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  private KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        new HashMap<>(KafkaClients.replayProducer(settings)),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> out = new HashMap<>();
    record.headers().forEach(h -> out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
    return out;
  }

  private static void put(RecordHeaders headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
