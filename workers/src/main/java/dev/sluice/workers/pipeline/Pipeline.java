package dev.sluice.workers.pipeline;

import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.runtime.kafka.KafkaClients;
import dev.sluice.runtime.limits.TokenBucket;
import dev.sluice.workers.WorkerOptions;
import dev.sluice.workers.delivery.Connector;
import dev.sluice.workers.delivery.Delivery;
import dev.sluice.workers.delivery.RetrySchedule;
import dev.sluice.workers.delivery.SendResult;
import dev.sluice.workers.route.Route;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Destination's pipeline. Records flow: dedup, then for each Connection from the record's
 * Source its route (integrations, filter, transforms), then the key lane (per-key order), the
 * batcher, the dispatcher (concurrency and rate limit) and the connector; failures are retried on
 * the delivery policy's schedule or dead-lettered. Parsing and routing run on the consumer thread;
 * everything stateful runs on this pipeline's own context, so a slow destination only ever slows
 * itself (decision 0054).
 */
public final class Pipeline implements ConsumerLoop.Handler {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  /** Builds the connector for a configuration; called on the pipeline's context. */
  public interface ConnectorFactory {
    Connector create(Vertx vertx, Context context, WorkerConfig config, WorkerOptions options);
  }

  private final Vertx vertx;
  private final Context context;
  private final WorkerOptions options;
  private final ConnectorFactory connectors;
  private final PipelineMetrics metrics;
  private final OffsetTracker tracker = new OffsetTracker();
  private final KeyLanes<Delivery> lanes = new KeyLanes<>();
  private final ArrayDeque<Unit> ready = new ArrayDeque<>();
  private final AtomicInteger handoffs = new AtomicInteger();
  private final List<Drain> drains = new ArrayList<>();
  private final Draining draining = new Draining();
  private final DeadLetters deadLetters;
  private final ConsumerLoop loop;

  private WorkerConfig config;
  private volatile Map<String, List<Prepared.ConnectionRoute>> routes;
  private ConnectorHandle connector;
  private RetrySchedule retries;
  private TokenBucket bucket;
  private DedupWindow dedup;
  private Unit open;

  /** Lanes whose current message is in {@link #open}. */
  private final java.util.Set<String> openLanes = new java.util.HashSet<>();

  /** Messages that joined their key's open batch instead of queueing in its lane. */
  private final java.util.Set<Delivery> riders =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  private long openTimer = -1;
  private int sending;
  private boolean pumpScheduled;
  private volatile boolean pause;
  private boolean closed;

  private record Drain(Collection<TopicPartition> partitions, CompletableFuture<Void> done) {}

  private Pipeline(
      Vertx vertx,
      Context context,
      WorkerConfig config,
      WorkerOptions options,
      ConnectorFactory connectors,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    this.connectors = connectors;
    // Compile and build the connector first: a configuration that fails leaves nothing behind.
    Map<String, List<Prepared.ConnectionRoute>> compiled = compile(config);
    this.connector = new ConnectorHandle(connectors.create(vertx, context, config, options));
    this.metrics = new PipelineMetrics(registry, config.namespace(), config.destination());
    this.deadLetters =
        new DeadLetters(
            KafkaClients.deadLetterProducer(options.kafka(), config.destination()),
            config.deadLetterTopic(),
            config.destination());
    apply(config, compiled);
    this.loop =
        new ConsumerLoop(
            config.destination(),
            new KafkaConsumer<>(
                KafkaClients.workerConsumer(
                    options.kafka(), config.consumerGroup(), config.destination()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer()),
            routes.keySet(),
            this,
            options.commitInterval(),
            options.drainTimeout());
  }

  /** Creates and starts a pipeline on {@code context} (call from that context). */
  public static Pipeline start(
      Vertx vertx,
      Context context,
      WorkerConfig config,
      WorkerOptions options,
      ConnectorFactory connectors,
      MeterRegistry registry) {
    Pipeline pipeline = new Pipeline(vertx, context, config, options, connectors, registry);
    pipeline.loop.start();
    LOG.info("pipeline {} started on {}", config.destination(), pipeline.routes.keySet());
    return pipeline;
  }

  public WorkerConfig config() {
    return config;
  }

  /** Null when running with partitions assigned; else what is missing. */
  public String problem() {
    return loop.problem();
  }

  // ---- configuration -------------------------------------------------------------------------

  /** Applies a changed configuration of the same Destination without dropping anything. */
  public Future<Void> update(WorkerConfig next) {
    return runOnContext(() -> doUpdate(next));
  }

  private void doUpdate(WorkerConfig next) {
    WorkerConfig previous = config;
    // Everything that can fail comes first, so a bad configuration changes nothing.
    Map<String, List<Prepared.ConnectionRoute>> compiled = compile(next);
    boolean newConnector =
        !previous.settings().equals(next.settings())
            || previous.concurrency() != next.concurrency();
    Connector fresh = newConnector ? connectors.create(vertx, context, next, options) : null;
    apply(next, compiled);
    if (fresh != null) {
      closeOpenBatch();
      ConnectorHandle old = connector;
      connector = new ConnectorHandle(fresh);
      old.retire();
      LOG.info(
          "pipeline {}: destination settings changed; new connector in use", next.destination());
    }
    if ((previous.ordering() != next.ordering() && next.ordering() == WorkerConfig.Ordering.NONE)
        || connector.connector.completesLater()) {
      // Nothing holds keys back any more (or the connector now keeps arrival order itself): let
      // every waiting message go.
      List<Delivery> waiting = lanes.drainAll();
      waiting.forEach(this::submit);
    }
    loop.subscribe(routes.keySet());
    pump();
  }

  private static Map<String, List<Prepared.ConnectionRoute>> compile(WorkerConfig next) {
    Map<String, List<Prepared.ConnectionRoute>> compiled = new HashMap<>();
    for (ConnectionConfig c : next.connections()) {
      compiled
          .computeIfAbsent(c.topic(), t -> new ArrayList<>())
          .add(new Prepared.ConnectionRoute(c, Route.compile(c, next.integrationName())));
    }
    return compiled;
  }

  private void apply(WorkerConfig next, Map<String, List<Prepared.ConnectionRoute>> compiled) {
    if (bucket == null || bucket.rate() != next.eventsPerSecond()) {
      bucket = new TokenBucket(next.eventsPerSecond());
    }
    if (dedup == null
        || !next.deduplicationWindow().equals(config.deduplicationWindow())
        || next.deduplicationMaxEntries() != config.deduplicationMaxEntries()) {
      dedup = new DedupWindow(next.deduplicationWindow(), next.deduplicationMaxEntries());
    }
    retries = new RetrySchedule(next.delivery());
    routes = compiled;
    config = next;
  }

  // ---- consumer side (called on the consumer thread) ------------------------------------------

  @Override
  public void accept(ConsumerRecords<byte[], byte[]> records) {
    Map<String, List<Prepared.ConnectionRoute>> current = routes;
    List<Prepared> prepared = new ArrayList<>(records.count());
    for (ConsumerRecord<byte[], byte[]> record : records) {
      prepared.add(Prepared.of(record, current.getOrDefault(record.topic(), List.of())));
    }
    handoffs.incrementAndGet();
    context.runOnContext(
        v -> {
          handoffs.decrementAndGet();
          prepared.forEach(this::receive);
          updatePause();
          pump();
        });
  }

  @Override
  public boolean wantsPause() {
    return pause || handoffs.get() > 8;
  }

  @Override
  public String startFor(String topic) {
    // The earliest start among the Connections reading this topic wins: nothing wanted is skipped.
    List<Prepared.ConnectionRoute> forTopic = routes.get(topic);
    String best = "latest";
    if (forTopic == null) {
      return best;
    }
    for (Prepared.ConnectionRoute r : forTopic) {
      best = earlier(best, r.connection().start());
    }
    return best;
  }

  static String earlier(String a, String b) {
    if (b == null || b.isBlank() || a.equals("earliest")) {
      return a;
    }
    if (b.equals("earliest") || a.equals("latest")) {
      return b;
    }
    if (b.equals("latest")) {
      return a;
    }
    return ConsumerLoop.startTime(b).isBefore(ConsumerLoop.startTime(a)) ? b : a;
  }

  @Override
  public void awaitDrained(Collection<TopicPartition> partitions, Duration timeout) {
    if (partitions.isEmpty()) {
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          // Retries stop here: what waits for one is left for the partition's next owner.
          abandon(draining.start(partitions, ready, vertx::cancelTimer));
          closeOpenBatch();
          connector.connector.flush();
          pump();
          drains.add(new Drain(List.copyOf(partitions), done));
          checkDrains();
        });
    try {
      done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.info(
          "pipeline {}: {} still in flight after {}; they will be redelivered",
          config.destination(),
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
  public Map<TopicPartition, Long> committable() {
    return tracker.committable();
  }

  @Override
  public void lag(long lag) {
    metrics.lag(lag);
  }

  // ---- the flow (on the pipeline's context) ---------------------------------------------------

  private void receive(Prepared p) {
    ConsumerRecord<byte[], byte[]> record = p.record();
    OffsetTracker.Entry entry = tracker.add(p.partition(), record.offset());
    if (p.unreadable() != null) {
      // Not a message we can route: dead-letter it once rather than lose it or loop on it.
      entry.pending = 1;
      Delivery d =
          new Delivery(
              "",
              "",
              p.key(),
              null,
              null,
              new byte[0],
              record.value(),
              record.headers(),
              null,
              entry);
      Unit unit = new Unit().add(d);
      unit.attempted(0, p.unreadable());
      deadLetter(unit);
      return;
    }
    List<Prepared.Verdict> verdicts = p.verdicts();
    if (verdicts.isEmpty()
        || (p.messageId() != null
            && dedup.seenBefore(record.topic() + '\u0000' + p.messageId(), System.nanoTime()))) {
      if (!verdicts.isEmpty()) {
        metrics.duplicate();
      }
      entry.pending = 1;
      tracker.partDone(entry);
      return;
    }
    entry.pending = verdicts.size();
    for (Prepared.Verdict v : verdicts) {
      if (v.filteredReason() != null) {
        metrics.filtered(v.connection().name(), v.filteredReason());
        tracker.partDone(entry);
      } else {
        submit(
            new Delivery(
                v.connection().name(),
                v.connection().source(),
                p.key(),
                p.messageId(),
                p.userId(),
                v.body(),
                record.value(),
                record.headers(),
                p.receivedAt(),
                entry));
      }
    }
  }

  private void submit(Delivery d) {
    if (connector.connector.completesLater()) {
      // The connector keeps arrival order itself and completes when durable (archive files).
      Unit unit = new Unit().add(d);
      send(unit);
      return;
    }
    if (keyOrdered(d)) {
      String lane = laneKey(d);
      if (joinsOpenBatch(lane, d)) {
        return;
      }
      if (!lanes.offer(lane, d)) {
        return; // an earlier message of this key is still out; it goes when that one is done
      }
    }
    batch(d);
  }

  /**
   * A message whose key's current message sits in the batch still being filled rides along in that
   * batch, after it: same request, same order, retried together. So per-key order does not shrink
   * batches to one message per key.
   */
  private boolean joinsOpenBatch(String lane, Delivery d) {
    Connector.BatchLimits limits = connector.connector.limits();
    if (open == null
        || !openLanes.contains(lane)
        || lanes.hasWaiting(lane)
        || open.bytes + d.body().length + 1 > limits.maxBytes()) {
      return false;
    }
    riders.add(d);
    open.add(d);
    if (open.items.size() >= limits.maxEvents()) {
      closeOpenBatch();
    }
    return true;
  }

  private boolean keyOrdered(Delivery d) {
    return config.ordering() == WorkerConfig.Ordering.KEY && d.key() != null;
  }

  private static String laneKey(Delivery d) {
    return d.connection() + '\u0000' + d.key();
  }

  private void batch(Delivery d) {
    Connector.BatchLimits limits = connector.connector.limits();
    if (!limits.batching()) {
      ready.add(new Unit().add(d));
      pump();
      return;
    }
    if (open != null && open.bytes + d.body().length + 1 > limits.maxBytes()) {
      closeOpenBatch();
    }
    if (open == null) {
      open = new Unit();
      openTimer =
          vertx.setTimer(
              Math.max(1, limits.maxWait().toMillis()),
              id -> {
                openTimer = -1;
                closeOpenBatch();
              });
    }
    open.add(d);
    if (keyOrdered(d)) {
      openLanes.add(laneKey(d));
    }
    if (open.items.size() >= limits.maxEvents()) {
      closeOpenBatch();
    }
  }

  private void closeOpenBatch() {
    openLanes.clear();
    if (open == null) {
      return;
    }
    if (openTimer >= 0) {
      vertx.cancelTimer(openTimer);
      openTimer = -1;
    }
    ready.add(open);
    open = null;
    pump();
  }

  private void pump() {
    if (pumpScheduled) {
      return;
    }
    int concurrency = Math.max(1, config.concurrency());
    while (!ready.isEmpty() && sending < concurrency) {
      Unit unit = ready.peek();
      long wait = TokenBucket.ceil(bucket.tryTake(unit.items.size()), TimeUnit.MILLISECONDS);
      if (wait > 0) {
        pumpScheduled = true;
        vertx.setTimer(
            wait,
            id -> {
              pumpScheduled = false;
              pump();
            });
        return;
      }
      ready.poll();
      sending++;
      send(unit)
          .onComplete(
              ar -> {
                sending--;
                pump();
              });
    }
  }

  private Future<Void> send(Unit unit) {
    ConnectorHandle handle = connector;
    Instant started = Instant.now();
    if (unit.first == null) {
      unit.first = started;
    }
    return handle
        .send(List.copyOf(unit.items))
        .otherwise(e -> new SendResult.Retryable(0, e.toString(), null))
        .map(
            result -> {
              outcome(unit, result);
              return null;
            });
  }

  private void outcome(Unit unit, SendResult result) {
    if (result instanceof SendResult.Delivered) {
      {
        unit.attempted(200, null);
        for (Delivery item : unit.items) {
          metrics.delivered(item.connection(), 1, item.receivedAt());
          done(item);
        }
      }
    } else if (result instanceof SendResult.Rejected r) {
      {
        unit.attempted(r.status(), r.error());
        deadLetter(unit);
      }
    } else if (result instanceof SendResult.Retryable r) {
      {
        unit.attempted(r.status(), r.error());
        if (closed) {
          return; // shut down: left undone, so redelivered after the restart
        }
        abandon(draining.takeStopped(unit));
        if (unit.items.isEmpty()) {
          return;
        }
        Duration delay = retries.next(unit.attempts, unit.first, Instant.now(), r.retryAfter());
        if (delay == null) {
          deadLetter(unit);
          return;
        }
        metrics.retried(unit.items.get(0).connection(), unit.items.size());
        long timer =
            vertx.setTimer(
                Math.max(1, delay.toMillis()),
                id -> {
                  draining.retryDue(unit);
                  abandon(draining.takeStopped(unit));
                  if (!unit.items.isEmpty()) {
                    retry(unit);
                  }
                });
        draining.retryLater(unit, timer);
      }
    }
  }

  private void retry(Unit unit) {
    if (connector.connector.completesLater()) {
      send(unit);
    } else {
      ready.addFirst(unit);
      pump();
    }
  }

  /**
   * These deliveries get no further attempt (their partition is being drained or was forgotten):
   * they stay not done, so their offsets are not committed and the next owner redelivers them. The
   * later messages of their key waiting behind them are abandoned too, or they would overtake.
   */
  private void abandon(List<Delivery> stopped) {
    for (Delivery d : stopped) {
      tracker.abandon((OffsetTracker.Entry) d.token());
      if (riders.remove(d) || !ownsLane(d)) {
        continue;
      }
      Delivery next = lanes.release(laneKey(d));
      while (next != null && draining.stops(next)) {
        tracker.abandon((OffsetTracker.Entry) next.token());
        next = lanes.release(laneKey(d));
      }
      if (next != null) {
        batch(next);
      }
    }
    if (!stopped.isEmpty()) {
      LOG.info(
          "pipeline {}: {} deliveries left for redelivery (draining)",
          config.destination(),
          stopped.size());
      checkDrains();
    }
  }

  private void deadLetter(Unit unit) {
    if (!config.delivery().deadLetterEnabled()) {
      for (Delivery item : unit.items) {
        LOG.warn(
            "pipeline {}: dropping message {} of connection {} after {} attempts: {}",
            config.destination(),
            item.messageId(),
            item.connection(),
            unit.attempts,
            unit.lastError);
        metrics.dropped(item.connection(), 1);
        done(item);
      }
      return;
    }
    for (Delivery item : unit.items) {
      writeDeadLetter(item, unit.summary());
    }
  }

  private void writeDeadLetter(Delivery item, DeadLetters.Attempts attempts) {
    deadLetters
        .write(context, item, attempts)
        .onSuccess(
            v -> {
              metrics.deadLettered(item.connection(), 1);
              done(item);
            })
        .onFailure(
            e -> {
              LOG.warn(
                  "pipeline {}: dead letter not written, retrying: {}",
                  config.destination(),
                  e.toString());
              vertx.setTimer(1000, id -> writeDeadLetter(item, attempts));
            });
  }

  /** The delivery is delivered, dead-lettered or dropped: release its key and its record part. */
  private void done(Delivery d) {
    tracker.partDone((OffsetTracker.Entry) d.token());
    // A rider never owned its key's lane: only the message it rode behind releases it.
    if (!riders.remove(d) && ownsLane(d)) {
      Delivery next = lanes.release(laneKey(d));
      if (next != null) {
        batch(next);
      }
    }
    updatePause();
    checkDrains();
  }

  private boolean ownsLane(Delivery d) {
    return keyOrdered(d) && !connector.connector.completesLater();
  }

  private void updatePause() {
    int max = options.maxInFlightRecords();
    if (!pause && tracker.size() >= max) {
      pause = true;
      // An archive holds records until a file rolls: roll now rather than stall.
      connector.connector.flush();
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

  // ---- shutdown -------------------------------------------------------------------------------

  /**
   * Stops consuming. With {@code commit}, waits (up to the drain timeout) for in-flight deliveries
   * and commits what is done; without, leaves as a crash would. Then releases everything.
   */
  public Future<Void> close(boolean commit) {
    Promise<Void> stopped = Promise.promise();
    loop.stop(commit);
    new Thread(
            () -> {
              try {
                loop.join(options.drainTimeout().plusSeconds(30));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              stopped.complete();
            },
            "sluice-stop-" + config.destination())
        .start();
    return stopped
        .future()
        .compose(v -> runOnContext(() -> closed = true))
        .compose(v -> connector.forceClose())
        .compose(
            v ->
                context.executeBlocking(
                    () -> {
                      deadLetters.close();
                      return null;
                    }))
        .onComplete(ar -> metrics.close())
        .mapEmpty();
  }

  private Future<Void> runOnContext(Runnable action) {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(
        v -> {
          try {
            action.run();
            promise.complete();
          } catch (RuntimeException e) {
            promise.fail(e);
          }
        });
    return promise.future();
  }
}
