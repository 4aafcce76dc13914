package dev.sluice.workers.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.api.config.DeliveryPolicy;
import dev.sluice.api.config.DestinationSettings;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.runtime.limits.TokenBucket;
import dev.sluice.workers.delivery.Connector;
import dev.sluice.workers.delivery.Delivery;
import dev.sluice.workers.delivery.RetrySchedule;
import dev.sluice.workers.delivery.SendResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The parts between the consumer and the connector (key lanes, batcher, dispatcher, settlement,
 * draining) wired as the pipeline wires them, with a scripted connector and no Kafka: riders,
 * retries and drains as specifications.
 */
class FlowTest {
  static Vertx vertx;
  final TopicPartition p0 = new TopicPartition("t", 0);
  Context context;
  Flow flow;

  @BeforeAll
  static void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  @AfterEach
  void closeFlow() {
    if (flow != null) {
      on(() -> flow.deadLetters.close());
    }
  }

  @Test
  void messagesOfAKeyInTheBatchBeingFilledRideAlongBehindItInOrder() {
    flow = new Flow(batches(10), policy(3, Duration.ofMillis(10), false));
    on(
        () -> {
          flow.submit("a", 0);
          flow.submit("b", 1);
          flow.submit("a", 2);
          flow.submit("a", 3);
          flow.dispatch.closeBatch();
        });

    assertThat(flow.connector.sentOffsets()).containsExactly(List.of(0L, 1L, 2L, 3L));
    await().until(() -> committable() == 4L);
  }

  @Test
  void aMessageThatDoesNotFitWaitsInItsLaneAndLaterOnesOfItsKeyQueueBehindIt() {
    // a's second message is too large to ride in the batch beside a's first, so it waits for it;
    // a's third must not overtake it by riding.
    flow = new Flow(new Connector.BatchLimits(10, 60, ms(10)), policy(3, ms(10), false));
    on(
        () -> {
          flow.submit("a", 0);
          flow.submit("a", 1, 60);
          flow.submit("a", 2);
          flow.submit("b", 3);
          flow.dispatch.closeBatch();
        });

    await()
        .untilAsserted(
            () ->
                assertThat(flow.connector.sentOffsets())
                    .containsExactly(List.of(0L, 3L), List.of(1L), List.of(2L)));
  }

  @Test
  void aRetryableFailureHoldsItsKeyBackUntilTheRetryIsDelivered() {
    flow = new Flow(Connector.BatchLimits.SINGLE, policy(3, ms(20), false));
    flow.connector.script(new SendResult.Retryable(503, "busy", null));
    on(
        () -> {
          flow.submit("a", 0);
          flow.submit("a", 1);
          flow.submit("b", 2);
        });

    await().until(() -> committable() == 3L);
    assertThat(flow.connector.sentOffsets())
        .containsExactly(List.of(0L), List.of(2L), List.of(0L), List.of(1L));
  }

  @Test
  void aBatchAnsweredMessageByMessageSettlesEachOnItsOwnWithoutARetry() {
    // Segment's multistatus: the rejected message is dead-lettered (dropped here: no topic), the
    // others are delivered, and nothing is sent again.
    flow = new Flow(batches(3), policy(3, ms(10), false));
    flow.connector.script(
        new SendResult.PerMessage(
            List.of(
                SendResult.DELIVERED,
                new SendResult.Rejected(400, "PAYLOAD_VALIDATION_FAILED: email"),
                SendResult.DELIVERED)));
    on(
        () -> {
          flow.submit("a", 0);
          flow.submit("b", 1);
          flow.submit("c", 2);
        });

    await().until(() -> committable() == 3L);
    assertThat(flow.connector.sentOffsets()).containsExactly(List.of(0L, 1L, 2L));
  }

  @Test
  void whenTheRetryBudgetIsSpentWithoutADeadLetterTopicTheMessageIsDroppedAndTheKeyMovesOn() {
    flow = new Flow(Connector.BatchLimits.SINGLE, policy(1, ms(10), false));
    flow.connector.script(
        new SendResult.Retryable(500, "down", null), new SendResult.Retryable(500, "down", null));
    on(
        () -> {
          flow.submit("a", 0);
          flow.submit("a", 1);
        });

    await().until(() -> committable() == 2L);
    assertThat(flow.connector.sentOffsets()).containsExactly(List.of(0L), List.of(0L), List.of(1L));
  }

  @Test
  void aDrainAbandonsAWaitingRetryAndTheMessagesBehindItWithoutWaitingOutTheBackoff() {
    flow = new Flow(Connector.BatchLimits.SINGLE, policy(10, Duration.ofMinutes(1), false));
    flow.connector.script(new SendResult.Retryable(503, "busy", null));
    on(
        () -> {
          flow.submit("a", 0);
          flow.submit("a", 1);
          flow.submit("b", 2);
        });
    await().until(() -> flow.connector.sentOffsets().size() == 2);

    boolean drained =
        on(
            () -> {
              flow.settlement.abandon(
                  flow.draining.start(List.of(p0), flow.dispatch.ready(), vertx::cancelTimer));
              return flow.tracker.drained(List.of(p0));
            });

    assertThat(drained).as("nothing of p0 is still being worked on").isTrue();
    assertThat(committable()).as("never past the abandoned message").isEqualTo(0L);
    assertThat(flow.connector.sentOffsets()).containsExactly(List.of(0L), List.of(2L));
  }

  // ---- helpers -------------------------------------------------------------------------------

  private long committable() {
    return on(() -> flow.tracker.committable().getOrDefault(p0, 0L));
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  private static Connector.BatchLimits batches(int events) {
    return new Connector.BatchLimits(events, 1 << 20, Duration.ofHours(1));
  }

  private static DeliveryPolicy policy(int retries, Duration backoff, boolean deadLetter) {
    return new DeliveryPolicy(
        retries,
        DeliveryPolicy.BackoffPolicy.EXPONENTIAL,
        backoff,
        backoff,
        Duration.ofMinutes(5),
        deadLetter);
  }

  private void on(Runnable action) {
    on(
        () -> {
          action.run();
          return null;
        });
  }

  /** Runs on the flow's context, as everything in a pipeline does, and waits for the result. */
  private <T> T on(Supplier<T> action) {
    if (context == null) {
      context = vertx.getOrCreateContext();
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          try {
            result.complete(action.get());
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
    try {
      return result.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The parts wired as {@link Pipeline} wires them. */
  final class Flow {
    final OffsetTracker tracker = new OffsetTracker();
    final Draining draining = new Draining();
    final ScriptedConnector connector;
    final DeadLetters deadLetters;
    final Settlement settlement;
    final RequestDispatch dispatch;

    Flow(Connector.BatchLimits limits, DeliveryPolicy policy) {
      connector = new ScriptedConnector(limits);
      WorkerConfig config = config(policy);
      // Never written to in these tests (the policies drop or abandon): no broker needed.
      deadLetters = new DeadLetters(Map.of("bootstrap.servers", "127.0.0.1:9"), "dlq", "d");
      ConnectorHandle handle = new ConnectorHandle(connector);
      PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry(), "ns", "d");
      RequestDispatch[] current = new RequestDispatch[1];
      settlement =
          new Settlement(
              vertx,
              tracker,
              draining,
              metrics,
              deadLetters,
              () -> config,
              () -> handle,
              () -> current[0],
              () -> {});
      settlement.retries(new RetrySchedule(policy));
      dispatch =
          new RequestDispatch(
              vertx,
              connector::limits,
              () -> 1,
              () -> new TokenBucket(0),
              () -> true,
              draining::stops,
              settlement::attempt);
      current[0] = dispatch;
    }

    void submit(String key, long offset) {
      submit(key, offset, 1);
    }

    void submit(String key, long offset, int bodyBytes) {
      OffsetTracker.Entry entry = tracker.add(p0, offset);
      entry.pending = 1;
      byte[] body = new byte[bodyBytes];
      Delivery d =
          new Delivery(
              "c",
              "web",
              key,
              Long.toString(offset),
              key,
              body,
              Long.toString(offset).getBytes(StandardCharsets.UTF_8),
              null,
              null);
      dispatch.submit(new Tracked(d, entry));
    }

    private WorkerConfig config(DeliveryPolicy policy) {
      return new WorkerConfig(
          "ns",
          "d",
          "Webhooks",
          "group",
          "dlq",
          new DestinationSettings.Webhook(
              "http://127.0.0.1:9/", Map.of(), null, 1, 1 << 20, ms(10), Duration.ofSeconds(1)),
          policy,
          0,
          1,
          WorkerConfig.Ordering.KEY,
          Duration.ZERO,
          1,
          List.of());
    }
  }

  /** Answers each send with the next scripted result, then Delivered; records what it was sent. */
  static final class ScriptedConnector implements Connector {
    private final BatchLimits limits;
    private final Deque<SendResult> script = new ArrayDeque<>();
    private final List<List<Long>> sent = new ArrayList<>();

    ScriptedConnector(BatchLimits limits) {
      this.limits = limits;
    }

    synchronized void script(SendResult... results) {
      script.addAll(List.of(results));
    }

    synchronized List<List<Long>> sentOffsets() {
      return List.copyOf(sent);
    }

    @Override
    public synchronized Future<SendResult> send(List<Delivery> unit) {
      sent.add(unit.stream().map(d -> Long.parseLong(d.messageId())).toList());
      SendResult next = script.poll();
      return Future.succeededFuture(next == null ? SendResult.DELIVERED : next);
    }

    @Override
    public BatchLimits limits() {
      return limits;
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  }
}
