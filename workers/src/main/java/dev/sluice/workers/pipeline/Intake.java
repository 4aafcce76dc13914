package dev.sluice.workers.pipeline;

import dev.sluice.workers.delivery.Delivery;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's side of the consumer loop. On the consumer thread it parses and routes each batch
 * of records and hands it to the pipeline's context (decision 0054); there it tracks each record,
 * drops duplicates and submits one delivery per Connection that passed it. It pauses consumption
 * when too many records are in flight, and on a rebalance or shutdown holds the consumer until the
 * drained partitions have nothing left in flight (decision 0055).
 */
final class Intake implements ConsumerLoop.Handler {
  private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

  /** Hand-offs waiting for the context past which the consumer pauses. */
  private static final int MAX_HANDOFFS = 8;

  /** How long a commit waits for the context's view of what is done. */
  private static final long COMMIT_SNAPSHOT_MILLIS = 5_000;

  private record Drain(Collection<TopicPartition> partitions, CompletableFuture<Void> done) {}

  private final Vertx vertx;
  private final Context context;
  private final int maxInFlightRecords;
  private final String destination;
  private final OffsetTracker tracker;
  private final Draining draining;
  private final PipelineMetrics metrics;
  private final Supplier<Dispatch> dispatch;
  private final Supplier<ConnectorHandle> connector;
  private final AtomicInteger handoffs = new AtomicInteger();
  private final List<Drain> drains = new ArrayList<>();
  private Settlement settlement;
  private volatile RouteTable routes;
  private DedupWindow dedup;
  private DedupLog dedupLog;
  private volatile boolean pause;

  /** The context's answer to {@link #requestCommittable}: empty when nothing changed. */
  private final AtomicReference<Map<TopicPartition, OffsetAndMetadata>> answer =
      new AtomicReference<>();

  Intake(
      Vertx vertx,
      Context context,
      int maxInFlightRecords,
      String destination,
      OffsetTracker tracker,
      Draining draining,
      PipelineMetrics metrics,
      Supplier<Dispatch> dispatch,
      Supplier<ConnectorHandle> connector) {
    this.vertx = vertx;
    this.context = context;
    this.maxInFlightRecords = maxInFlightRecords;
    this.destination = destination;
    this.tracker = tracker;
    this.draining = draining;
    this.metrics = metrics;
    this.dispatch = dispatch;
    this.connector = connector;
  }

  /** Where unreadable records go (the dead-letter topic). */
  void settlement(Settlement settlement) {
    this.settlement = settlement;
  }

  /** Records handed over from now on are routed with this table. */
  void routes(RouteTable table) {
    this.routes = table;
  }

  void dedup(DedupWindow window) {
    this.dedup = window;
  }

  /** Where done messageIds are kept across restarts; null keeps the window in memory only. */
  void dedupLog(DedupLog log) {
    this.dedupLog = log;
    tracker.onDoneKeys(log == null ? key -> {} : log::done);
  }

  // ---- on the consumer thread ----------------------------------------------------------------

  @Override
  public void accept(ConsumerRecords<byte[], byte[]> records) {
    RouteTable current = routes;
    List<Prepared> prepared = new ArrayList<>(records.count());
    for (ConsumerRecord<byte[], byte[]> record : records) {
      prepared.add(Prepared.of(record, current));
    }
    handoffs.incrementAndGet();
    context.runOnContext(
        v -> {
          handoffs.decrementAndGet();
          prepared.forEach(this::receive);
          updatePause();
        });
  }

  @Override
  public boolean wantsPause() {
    return pause || handoffs.get() > MAX_HANDOFFS;
  }

  @Override
  public String startFor(String topic) {
    // The earliest start among the Connections reading this topic wins: nothing wanted is skipped.
    return routes.startFor(topic);
  }

  @Override
  public void awaitDrained(Collection<TopicPartition> partitions, Duration timeout) {
    if (partitions.isEmpty()) {
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          Dispatch current = dispatch.get();
          // Retries stop here: what waits for one is left for the partition's next owner.
          settlement.abandon(draining.start(partitions, current.ready(), vertx::cancelTimer));
          current.closeBatch();
          connector.get().connector.flush();
          current.pump();
          drains.add(new Drain(List.copyOf(partitions), done));
          checkDrains();
        });
    try {
      done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.info(
          "pipeline {}: {} still in flight after {}; they will be redelivered",
          destination,
          partitions,
          timeout);
    }
  }

  @Override
  public void forget(Collection<TopicPartition> partitions) {
    List<TopicPartition> copy = List.copyOf(partitions);
    context.runOnContext(
        v -> {
          tracker.remove(copy);
          draining.end(copy);
        });
  }

  @Override
  public void assigned(Collection<TopicPartition> partitions) {
    DedupLog log = dedupLog;
    if (log == null) {
      return;
    }
    List<DedupLog.Seen> seen = log.catchUp();
    if (seen.isEmpty()) {
      return;
    }
    // Queued before the partitions' first records are handed over, so the window knows them first.
    context.runOnContext(
        v -> {
          long nowNanos = System.nanoTime();
          long nowMillis = System.currentTimeMillis();
          for (DedupLog.Seen s : seen) {
            dedup.remember(s.key(), nowNanos - (nowMillis - s.doneMillis()) * 1_000_000L);
          }
          LOG.info("pipeline {}: {} messageIds from the dedup log", destination, seen.size());
        });
  }

  @Override
  public void stopped() {
    if (dedupLog != null) {
      dedupLog.closeReader();
    }
  }

  @Override
  public void resume(TopicPartition partition, OffsetAndMetadata committed) {
    // Queued before the partition's first records are handed over, so it is applied before them.
    context.runOnContext(v -> tracker.resume(partition, committed.offset(), committed.metadata()));
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> committable() {
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> snapshot = new CompletableFuture<>();
    context.runOnContext(v -> snapshot.complete(positions()));
    try {
      return snapshot.get(COMMIT_SNAPSHOT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // The context is busy: commit the plain offsets; the done ones above wait for the next try.
      Map<TopicPartition, OffsetAndMetadata> plain = new HashMap<>();
      tracker.committable().forEach((tp, o) -> plain.put(tp, new OffsetAndMetadata(o)));
      return plain;
    }
  }

  @Override
  public void requestCommittable() {
    // The consumer thread does not wait: it polls on and picks the answer up in a later step.
    context.runOnContext(
        v -> {
          Map<TopicPartition, OffsetAndMetadata> out =
              tracker.takeChanged() ? positions() : Map.of();
          if (!out.isEmpty()) {
            metrics.commit();
          }
          answer.set(out);
        });
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> takeCommittable() {
    return answer.getAndSet(null);
  }

  private Map<TopicPartition, OffsetAndMetadata> positions() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    tracker
        .positions()
        .forEach((tp, p) -> out.put(tp, new OffsetAndMetadata(p.offset(), p.metadata())));
    return out;
  }

  @Override
  public void lag(long lag) {
    metrics.lag(lag);
  }

  // ---- on the pipeline's context -------------------------------------------------------------

  private void receive(Prepared p) {
    ConsumerRecord<byte[], byte[]> record = p.record();
    OffsetTracker.Entry entry = tracker.add(p.partition(), record.offset());
    if (tracker.doneBefore(p.partition(), record.offset())) {
      // Done before a restart (its offset was in the commit's metadata): not again.
      metrics.skippedDone();
      entry.pending = 1;
      tracker.partDone(entry);
      return;
    }
    if (p.unreadable() != null) {
      // Not a message we can route: dead-letter it once rather than lose it or loop on it.
      entry.pending = 1;
      Unit unit =
          Unit.of(
              new Tracked(Delivery.unreadable(p.key(), record.value(), record.headers()), entry));
      unit.attempted(0, p.unreadable());
      settlement.deadLetter(unit);
      return;
    }
    String key = p.messageId() == null ? null : record.topic() + '\u0000' + p.messageId();
    // A replay asked for by a person passes the dedup window on purpose.
    if (p.parts() == 0
        || (key != null && !p.replay() && dedup.seenBefore(key, System.nanoTime()))) {
      if (p.parts() > 0) {
        metrics.duplicate();
      }
      entry.pending = 1;
      tracker.partDone(entry);
      return;
    }
    entry.pending = p.parts();
    if (dedupLog != null && dedup.enabled() && !p.deliveries().isEmpty()) {
      entry.dedupKey = key;
    }
    for (Prepared.Filtered f : p.filtered()) {
      metrics.filtered(f.connection(), f.outcome().reason().label());
      tracker.partDone(entry);
    }
    Dispatch current = dispatch.get();
    for (Delivery d : p.deliveries()) {
      current.submit(new Tracked(d, entry));
    }
  }

  /** Deliveries were settled or abandoned: maybe resume consuming, maybe finish drains. */
  void progress() {
    updatePause();
    checkDrains();
  }

  private void updatePause() {
    int max = maxInFlightRecords;
    if (!pause && tracker.size() >= max) {
      pause = true;
      // An archive holds records until a file rolls: roll now rather than stall.
      connector.get().connector.flush();
    } else if (pause && tracker.size() < max / 2) {
      pause = false;
    }
  }

  private void checkDrains() {
    if (drains.isEmpty()) {
      return;
    }
    drains.removeIf(
        d -> {
          if (tracker.drained(d.partitions())) {
            d.done().complete(null);
            return true;
          }
          return false;
        });
  }
}
