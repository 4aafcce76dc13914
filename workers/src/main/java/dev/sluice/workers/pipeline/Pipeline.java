package dev.sluice.workers.pipeline;

import dev.sluice.api.compiler.Names;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.runtime.kafka.KafkaClients;
import dev.sluice.runtime.limits.TokenBucket;
import dev.sluice.workers.WorkerOptions;
import dev.sluice.workers.delivery.Connector;
import dev.sluice.workers.delivery.RetrySchedule;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Destination's pipeline: its lifecycle and configuration updates. Records flow through its
 * parts: the {@link Intake} (consumer side: parse, route, dedup, track offsets), a {@link Dispatch}
 * (key lanes, {@link Batcher}, {@link Dispatcher}: concurrency and rate limit) into the connector,
 * and the {@link Settlement} (delivered, retried, dead-lettered, abandoned on a drain). Parsing and
 * routing run on the consumer thread; everything stateful runs on this pipeline's own context, so a
 * slow destination only ever slows itself (decision 0054).
 */
public final class Pipeline {
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
  private final Draining draining = new Draining();

  /** Replaced when the rate changes; read by the dispatcher on this pipeline's context. */
  private TokenBucket bucket;

  private final DeadLetters deadLetters;
  private final DedupLog dedupLog;
  private final Intake intake;
  private final Settlement settlement;
  private final ConsumerLoop loop;

  /** Read by {@link #config()} from other threads: replaced whole, never mutated. */
  private volatile WorkerConfig config;

  /** Replaced on the context; volatile for {@link #problem()}, asked from readiness checks. */
  private volatile ConnectorHandle connector;

  private Dispatch dispatch;

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
    RouteTable routes = RouteTable.compile(config);
    this.connector = new ConnectorHandle(connectors.create(vertx, context, config, options));
    this.config = config;
    this.metrics = new PipelineMetrics(registry, config.namespace(), config.destination());
    metrics.destinationFailing(() -> connector.connector.problem() != null);
    this.bucket = new TokenBucket(config.eventsPerSecond());
    this.deadLetters =
        new DeadLetters(
            KafkaClients.deadLetterProducer(options.kafka(), config.destination()),
            config.deadLetterTopic(),
            config.destination());
    this.intake =
        new Intake(
            vertx,
            context,
            options.maxInFlightRecords(),
            config.destination(),
            tracker,
            draining,
            metrics,
            () -> dispatch,
            () -> connector);
    this.settlement =
        new Settlement(
            vertx,
            tracker,
            draining,
            metrics,
            deadLetters,
            () -> this.config,
            () -> connector,
            () -> dispatch,
            intake::progress);
    intake.settlement(settlement);
    this.dedupLog =
        options.dedupLog() && !config.deduplicationWindow().isZero()
            ? new DedupLog(
                options.kafka(),
                Names.dedupTopic(config.namespace(), config.destination()),
                config.destination(),
                config.deduplicationWindow(),
                context)
            : null;
    intake.dedupLog(dedupLog);
    this.dispatch = dispatchFor(connector.connector);
    apply(config, null, routes);
    this.loop =
        new ConsumerLoop(
            config.destination(),
            new KafkaConsumer<>(
                KafkaClients.workerConsumer(
                    options.kafka(),
                    config.consumerGroup(),
                    config.destination(),
                    options.instanceId()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer()),
            routes.topics(),
            intake,
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
    LOG.info(
        "pipeline {} started on {}",
        config.destination(),
        config.connections().stream().map(c -> c.topic()).distinct().toList());
    return pipeline;
  }

  public WorkerConfig config() {
    return config;
  }

  /**
   * Null when running with partitions assigned and the destination accepting deliveries; else what
   * is wrong.
   */
  public String problem() {
    String consumer = loop.problem();
    return consumer != null ? consumer : connector.connector.problem();
  }

  /** Chosen once per connector: whether it answers each send or completes when durable later. */
  private Dispatch dispatchFor(Connector c) {
    if (c.completesLater()) {
      return new StreamDispatch(settlement::attempt);
    }
    return new RequestDispatch(
        vertx,
        () -> connector.connector.limits(),
        () -> config.concurrency(),
        () -> bucket,
        () -> config.ordering() == WorkerConfig.Ordering.KEY,
        draining::stops,
        settlement::attempt);
  }

  // ---- configuration -------------------------------------------------------------------------

  /** Applies a changed configuration of the same Destination without dropping anything. */
  public Future<Void> update(WorkerConfig next) {
    return runOnContext(() -> doUpdate(next));
  }

  private void doUpdate(WorkerConfig next) {
    WorkerConfig previous = config;
    // Everything that can fail comes first, so a bad configuration changes nothing.
    RouteTable routes = RouteTable.compile(next);
    boolean newConnector =
        !previous.settings().equals(next.settings())
            || previous.concurrency() != next.concurrency();
    Connector fresh = newConnector ? connectors.create(vertx, context, next, options) : null;
    apply(next, previous, routes);
    if (fresh != null) {
      replaceConnector(fresh);
      LOG.info(
          "pipeline {}: destination settings changed; new connector in use", next.destination());
    }
    if (previous.ordering() != next.ordering() && next.ordering() == WorkerConfig.Ordering.NONE) {
      // Nothing holds keys back any more: let every waiting message go.
      dispatch.releaseWaiting().forEach(dispatch::submit);
    }
    loop.subscribe(routes.topics());
    dispatch.pump();
  }

  private void apply(WorkerConfig next, WorkerConfig previous, RouteTable routes) {
    if (bucket.rate() != next.eventsPerSecond()) {
      bucket = new TokenBucket(next.eventsPerSecond());
    }
    if (previous == null
        || !next.deduplicationWindow().equals(previous.deduplicationWindow())
        || next.deduplicationMaxEntries() != previous.deduplicationMaxEntries()) {
      intake.dedup(new DedupWindow(next.deduplicationWindow(), next.deduplicationMaxEntries()));
    }
    settlement.retries(new RetrySchedule(next.delivery()));
    intake.routes(routes);
    config = next;
  }

  /**
   * What the old connector already sent finishes on it; the batch being filled goes to the new one.
   * A connector of the other kind (a Destination that changed type) gets a dispatch of its own, and
   * the messages waiting behind their keys move to it; units already queued drain through the old.
   */
  private void replaceConnector(Connector fresh) {
    dispatch.closeBatch();
    ConnectorHandle old = connector;
    connector = new ConnectorHandle(fresh);
    old.retire();
    if (fresh.completesLater() != old.connector.completesLater()) {
      List<Tracked> waiting = dispatch.releaseWaiting();
      dispatch = dispatchFor(fresh);
      waiting.forEach(dispatch::submit);
    }
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
        .compose(v -> runOnContext(settlement::close))
        .compose(v -> connector.forceClose())
        .compose(v -> deadLetters.close())
        .compose(v -> dedupLog == null ? Future.<Void>succeededFuture() : dedupLog.close())
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
