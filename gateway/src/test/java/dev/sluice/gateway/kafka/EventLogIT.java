package dev.sluice.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.gateway.metrics.GatewayMetrics;
import dev.sluice.runtime.kafka.KafkaClients;
import dev.sluice.runtime.kafka.KafkaSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two producers of decision 0086 on a real broker: a request that finds little in flight leaves
 * at once through the idle producer; one behind enough others waits for the busy producer's batch.
 */
class EventLogIT {
  static final String TOPIC = "sluice.test.event-log";
  static final Duration DELIVERY = Duration.ofSeconds(40);

  static EmbeddedKafka kafka;
  static Vertx vertx;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void aLoneRequestLeavesAtOnceAndOneBehindOthersFillsABatch() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
    // The busy producer lingers far longer than the idle one takes, so which one carried a request
    // shows in when it is answered.
    EventLog log =
        new EventLog(
            KafkaClients.gatewayProducer(
                settings.with(Map.of("linger.ms", "15000")), DELIVERY, 8L << 20),
            KafkaClients.gatewayIdleProducer(settings, DELIVERY, 8L << 20),
            10_000,
            8L << 20,
            DELIVERY.plusSeconds(2),
            new GatewayMetrics(registry));
    log.warm(List.of(TOPIC));
    var context = vertx.getOrCreateContext();

    Future<Void> lone = log.append(context, records("lone", EventLog.IDLE_BELOW));
    Future<Void> behind = log.append(context, records("behind", 1));

    await().atMost(Duration.ofSeconds(30)).until(lone::isComplete);
    assertThat(lone.succeeded()).as("%s", lone.cause()).isTrue();
    assertThat(behind.isComplete()).as("the busy producer is still lingering").isFalse();
    assertThat(appends(registry, "idle")).isEqualTo(1);
    assertThat(appends(registry, "busy")).isEqualTo(1);

    // Closing sends what lingers, and the request behind is answered too.
    log.close(Duration.ofSeconds(30));
    await().atMost(Duration.ofSeconds(40)).until(behind::isComplete);
    assertThat(behind.succeeded()).as("%s", behind.cause()).isTrue();
  }

  @Test
  void withoutAnIdleProducerEveryRequestTakesTheOne() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    KafkaSettings settings =
        KafkaSettings.of(kafka.bootstrapServers()).with(Map.of("linger.ms", "1"));
    EventLog log =
        new EventLog(
            KafkaClients.gatewayProducer(settings, DELIVERY, 8L << 20),
            KafkaClients.gatewayIdleProducer(settings, DELIVERY, 8L << 20),
            10_000,
            8L << 20,
            DELIVERY.plusSeconds(2),
            new GatewayMetrics(registry));
    Future<Void> sent = log.append(vertx.getOrCreateContext(), records("one", 1));
    await().atMost(Duration.ofSeconds(30)).until(sent::isComplete);
    assertThat(sent.succeeded()).as("%s", sent.cause()).isTrue();
    assertThat(appends(registry, "idle")).isZero();
    assertThat(appends(registry, "busy")).isEqualTo(1);
    log.close(Duration.ofSeconds(10));
  }

  private static double appends(SimpleMeterRegistry registry, String producer) {
    return registry.get("sluice.gateway.kafka.appends").tag("producer", producer).counter().count();
  }

  private static List<ProducerRecord<byte[], byte[]>> records(String prefix, int count) {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(
          new ProducerRecord<>(
              TOPIC,
              (prefix + i).getBytes(StandardCharsets.UTF_8),
              ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }
}
