package dev.sluice.workers;

import static dev.sluice.workers.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.DestinationSettings;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.embedded.sink.RecordedRequest;
import dev.sluice.embedded.sink.RecordingSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Destination whose cluster does not answer (a closed loopback port, so every send waits
 * for metadata up to the producer's 60 s {@code max.block.ms}) runs beside a webhook Destination in
 * one Workers process: the webhook's throughput and p99 stay within 10% of running alone, and no
 * event loop is ever blocked. The same for a webhook Destination whose receiver answers after
 * seconds (issue 11). Alone and beside alternate in one run.
 */
@ExtendWith(SluiceInfra.class)
class UnreachableKafkaBesideWebhookIT {
  static final int MESSAGES = 2000;
  static final int ROUNDS = 5;

  static EmbeddedKafka kafka;
  static Vertx vertx;
  static RecordingSink sink;
  static final BlockedWarnings blocked = new BlockedWarnings();

  @BeforeAll
  static void start(EmbeddedKafka shared) {
    blocked.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(blocked);
    kafka = shared;
    // Report any event-loop task that runs longer than 1 s (a send waiting for metadata blocks for
    // max.block.ms, 60 s), checked every 100 ms.
    vertx =
        Vertx.vertx(
            new VertxOptions()
                .setBlockedThreadCheckInterval(100)
                .setMaxEventLoopExecuteTime(1000)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    // Each request takes 20 ms to answer, so the webhook's pace (at most 16 / 20 ms = 800 events/s)
    // is set by its concurrency, not by the two cores this test shares with the whole machine: what
    // the other Destination costs in CPU (it reads and routes the same messages) is not what is
    // measured, whether it holds up the webhook is.
    sink = new RecordingSink().start(0).delay(Duration.ofMillis(20));
  }

  @AfterAll
  static void stop() {
    sink.close();
    vertx.close().await();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(blocked);
  }

  @Test
  void aKafkaDestinationThatCannotConnectNeitherSlowsAWebhookNorBlocksAnEventLoop()
      throws Exception {
    String topic = unique("beside");
    WorkerConfig hook =
        worker(
            unique("hook"),
            webhook(sink.url("/hook"), "s3cret"),
            FAST_RETRIES,
            WorkerConfig.Ordering.KEY,
            List.of(connection("c", "web", topic, "latest")));
    Workers workers =
        Workers.start(
                vertx,
                testOptions(kafka.bootstrapServers()),
                List.of(hook),
                new SimpleMeterRegistry())
            .await();
    try {
      awaitReady(workers);
      round(topic); // warm-up: connections, JIT, class loading
      blocked.clear();
      List<Round> alone = new ArrayList<>();
      List<Round> beside = new ArrayList<>();
      for (int i = 0; i < ROUNDS; i++) {
        alone.add(round(topic));
        // A fresh Destination each time, starting at the end: it reads this round's messages only.
        workers.update(List.of(hook, unreachableKafka(topic))).await();
        awaitReady(workers);
        beside.add(round(topic));
        workers.update(List.of(hook)).await();
      }

      Round a = Round.median(alone);
      Round b = Round.median(beside);
      System.out.printf(
          "webhook alone: %s; beside an unreachable Kafka destination: %s%n", alone, beside);
      assertThat(b.eventsPerSecond()).isGreaterThanOrEqualTo(a.eventsPerSecond() * 0.9);
      assertThat((double) b.p99Millis()).isLessThanOrEqualTo(a.p99Millis() * 1.1);
      assertThat(blocked.messages()).isEmpty();
    } finally {
      workers.close().await();
    }
  }

  @Test
  void aDestinationThatAnswersAfterSecondsDoesNotSlowAFastOne() throws Exception {
    try (RecordingSink slow = new RecordingSink().start(0).delay(Duration.ofSeconds(3))) {
      String topic = unique("slow-beside");
      WorkerConfig hook =
          worker(
              unique("hook"),
              webhook(sink.url("/hook"), "s3cret"),
              FAST_RETRIES,
              WorkerConfig.Ordering.KEY,
              List.of(connection("c", "web", topic, "latest")));
      Workers workers =
          Workers.start(
                  vertx,
                  testOptions(kafka.bootstrapServers()),
                  List.of(hook),
                  new SimpleMeterRegistry())
              .await();
      try {
        awaitReady(workers);
        round(topic); // warm-up
        blocked.clear();
        List<Round> alone = new ArrayList<>();
        List<Round> beside = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
          alone.add(round(topic));
          // Reads the same messages and holds 16 requests open for 3 s each: its backlog grows
          // to its in-flight bound and its own consumer pauses.
          WorkerConfig slowHook =
              worker(
                  unique("slow-hook"),
                  webhook(slow.url("/slow"), null),
                  FAST_RETRIES,
                  WorkerConfig.Ordering.KEY,
                  List.of(connection("c", "web", topic, "latest")));
          workers.update(List.of(hook, slowHook)).await();
          awaitReady(workers);
          beside.add(round(topic));
          // Its requests were open during the round; each is recorded once answered.
          await().atMost(Duration.ofSeconds(30)).until(() -> slow.count() > 0);
          workers.update(List.of(hook)).await();
        }
        Round a = Round.median(alone);
        Round b = Round.median(beside);
        System.out.printf(
            "webhook alone: %s; beside a webhook answering after 3 s: %s%n", alone, beside);
        assertThat(b.eventsPerSecond()).isGreaterThanOrEqualTo(a.eventsPerSecond() * 0.9);
        assertThat(blocked.messages()).isEmpty();
      } finally {
        workers.close().await();
      }
    }
  }

  private static WorkerConfig unreachableKafka(String topic) {
    return worker(
        unique("unreachable-kafka"),
        new DestinationSettings.Kafka(
            EmbeddedKafka.unreachableBootstrapServers(),
            "out",
            DestinationSettings.Kafka.KeyMode.USER_ID,
            Map.of()),
        FAST_RETRIES,
        WorkerConfig.Ordering.KEY,
        List.of(connection("c", "web", topic, "latest")));
  }

  private static void awaitReady(Workers workers) {
    await().atMost(Duration.ofSeconds(60)).until(() -> workers.readiness().problem() == null);
  }

  /** Produces a backlog and measures its delivery at the sink. */
  private static Round round(String topic) throws TimeoutException {
    int before = sink.count();
    List<ObjectNode> messages =
        IntStream.range(0, MESSAGES).mapToObj(i -> track("user-" + (i % 500), "E", i)).toList();
    produce(kafka.bootstrapServers(), topic, messages);
    List<RecordedRequest> got =
        sink.awaitCount(before + MESSAGES, Duration.ofSeconds(120))
            .subList(before, before + MESSAGES);
    Instant first = got.get(0).receivedAt();
    Instant last = got.get(got.size() - 1).receivedAt();
    long[] latencies =
        got.stream()
            .mapToLong(
                r ->
                    Duration.between(
                            Instant.parse(parse(r.body()).get("receivedAt").asText()),
                            r.receivedAt())
                        .toMillis())
            .sorted()
            .toArray();
    double seconds = Math.max(1, Duration.between(first, last).toMillis()) / 1000.0;
    return new Round(MESSAGES / seconds, latencies[(int) Math.ceil(latencies.length * 0.99) - 1]);
  }

  record Round(double eventsPerSecond, long p99Millis) {
    /** The median of each figure on its own (odd number of rounds). */
    static Round median(List<Round> rounds) {
      double[] rates = rounds.stream().mapToDouble(Round::eventsPerSecond).sorted().toArray();
      long[] p99s = rounds.stream().mapToLong(Round::p99Millis).sorted().toArray();
      return new Round(rates[rates.length / 2], p99s[p99s.length / 2]);
    }

    @Override
    public String toString() {
      return String.format("%.0f ev/s, p99 %d ms", eventsPerSecond, p99Millis);
    }
  }

  /** Vert.x's blocked-thread checker warnings ("Thread ... has been blocked for ..."). */
  static final class BlockedWarnings extends AppenderBase<ILoggingEvent> {
    private final List<String> messages = new ArrayList<>();

    @Override
    protected synchronized void append(ILoggingEvent event) {
      if (event.getFormattedMessage().contains("has been blocked")) {
        messages.add(event.getFormattedMessage());
      }
    }

    synchronized void clear() {
      messages.clear();
    }

    synchronized List<String> messages() {
      return List.copyOf(messages);
    }
  }
}
