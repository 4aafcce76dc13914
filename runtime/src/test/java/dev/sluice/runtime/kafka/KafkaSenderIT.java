package dev.sluice.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SluiceInfra.class)
class KafkaSenderIT {
  static EmbeddedKafka kafka;
  static Vertx vertx;

  @BeforeAll
  static void start(EmbeddedKafka shared) {
    kafka = shared;
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void acknowledgementsCompleteInOrderOnTheCallersContext() {
    KafkaSender sender =
        KafkaSender.create(
            "ok",
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"));
    sender.warm(List.of("t-ok"));
    Context context = vertx.getOrCreateContext();
    List<Context> completedOn = new ArrayList<>();
    Promise<List<RecordMetadata>> all = Promise.promise();
    context.runOnContext(
        v -> {
          List<Future<RecordMetadata>> sent =
              new ArrayList<>(sender.send(List.of(record("t-ok", "a"), record("t-ok", "b"))));
          sent.add(sender.send(record("t-ok", "c")));
          sent.forEach(f -> f.onComplete(ar -> completedOn.add(Vertx.currentContext())));
          Future.all(sent).map(cf -> cf.<RecordMetadata>list()).onComplete(all);
        });

    List<RecordMetadata> acks = all.future().await();

    assertThat(acks).extracting(RecordMetadata::offset).containsExactly(0L, 1L, 2L);
    assertThat(completedOn).hasSize(3).allMatch(c -> c == context);
    sender.close(Duration.ofSeconds(5)).await();
  }

  @Test
  void anUnreachableClusterNeverBlocksTheCallerAndLaterSendsFailFast() {
    KafkaSender sender = unreachable("down", Duration.ofMillis(500));
    Context context = vertx.getOrCreateContext();
    AtomicReference<Long> callNanos = new AtomicReference<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    context.runOnContext(
        v -> {
          long start = System.nanoTime();
          for (int i = 0; i < 20; i++) {
            sender.send(record("t-down", "m" + i)).onFailure(failures::add);
          }
          callNanos.set(System.nanoTime() - start);
        });

    // Twenty sends each waiting max.block.ms in turn would take 10 s; after the first timed out the
    // rest fail at once.
    await().atMost(Duration.ofSeconds(6)).until(() -> failures.size() == 20);
    assertThat(Duration.ofNanos(callNanos.get())).isLessThan(Duration.ofMillis(250));
    assertThat(failures).allMatch(e -> e instanceof RetriableException);
    sender.close(Duration.ofSeconds(1)).await();
  }

  @Test
  void closingWakesASendWaitingForMetadata() {
    KafkaSender sender = unreachable("stuck", Duration.ofSeconds(60));
    Future<RecordMetadata> waiting = sender.send(record("t-stuck", "x"));
    Future<RecordMetadata> queued = sender.send(record("t-stuck", "y"));

    long start = System.nanoTime();
    sender.close(Duration.ofMillis(200)).await();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(5)).until(() -> waiting.failed() && queued.failed());
    assertThat(sender.send(record("t-stuck", "z")).failed()).isTrue();
  }

  private static KafkaSender unreachable(String name, Duration maxBlock) {
    return KafkaSender.create(
        name,
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            EmbeddedKafka.unreachableBootstrapServers(),
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            (int) maxBlock.toMillis()));
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, String value) {
    return new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8));
  }
}
