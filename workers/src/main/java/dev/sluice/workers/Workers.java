package dev.sluice.workers;

import dev.sluice.api.config.WorkerConfig;
import dev.sluice.runtime.ReadinessCheck;
import dev.sluice.workers.pipeline.Pipeline;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts one pipeline per {@link WorkerConfig}: one in a cluster pod, every Destination in the local
 * runner. Each pipeline has its own consumer (and group), connector, HTTP pool, producer and Vert.x
 * context, so one failing Destination never slows another. Updates are applied in order.
 */
public final class Workers {
  private static final Logger LOG = LoggerFactory.getLogger(Workers.class);

  private final Vertx vertx;
  private final WorkerOptions options;
  private final MeterRegistry registry;
  private final Pipeline.ConnectorFactory connectors;
  private final Map<String, Hosted> pipelines = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger starting =
      new java.util.concurrent.atomic.AtomicInteger();
  private Future<Void> last = Future.succeededFuture();

  /** A pipeline and the verticle that gives it its own context. */
  private record Hosted(String deploymentId, PipelineVerticle verticle) {}

  private Workers(
      Vertx vertx,
      WorkerOptions options,
      MeterRegistry registry,
      Pipeline.ConnectorFactory connectors) {
    this.vertx = vertx;
    this.options = options;
    this.registry = registry;
    this.connectors = connectors;
  }

  public static Future<Workers> start(
      Vertx vertx, WorkerOptions options, List<WorkerConfig> configs, MeterRegistry registry) {
    Workers workers = new Workers(vertx, options, registry, new Connectors(registry));
    return workers.update(configs).map(workers);
  }

  /**
   * Adds, removes and changes pipelines to match {@code configs}. A changed Destination keeps its
   * pipeline (and its in-flight messages); only a changed consumer group replaces it.
   */
  public synchronized Future<Void> update(List<WorkerConfig> configs) {
    List<WorkerConfig> copy = List.copyOf(configs);
    last = last.transform(previous -> apply(copy));
    return last;
  }

  private Future<Void> apply(List<WorkerConfig> configs) {
    Map<String, WorkerConfig> wanted = new LinkedHashMap<>();
    for (WorkerConfig c : configs) {
      if (wanted.put(key(c), c) != null) {
        return Future.failedFuture(
            new IllegalArgumentException("destination " + key(c) + " is configured twice"));
      }
    }
    List<Future<?>> steps = new ArrayList<>();
    for (String k : List.copyOf(pipelines.keySet())) {
      WorkerConfig next = wanted.get(k);
      Hosted hosted = pipelines.get(k);
      WorkerConfig current = hosted.verticle.pipeline.config();
      if (next == null || !next.consumerGroup().equals(current.consumerGroup())) {
        pipelines.remove(k);
        steps.add(stop(hosted, true));
      } else if (!next.equals(current)) {
        steps.add(hosted.verticle.pipeline.update(next));
      }
    }
    return Future.all(steps)
        .compose(
            v -> {
              List<Future<?>> starts = new ArrayList<>();
              for (Map.Entry<String, WorkerConfig> e : wanted.entrySet()) {
                if (!pipelines.containsKey(e.getKey())) {
                  PipelineVerticle verticle = new PipelineVerticle(e.getValue());
                  starting.incrementAndGet();
                  starts.add(
                      vertx
                          .deployVerticle(verticle)
                          .onComplete(ar -> starting.decrementAndGet())
                          .onSuccess(
                              id -> {
                                pipelines.put(e.getKey(), new Hosted(id, verticle));
                              }));
                }
              }
              return Future.all(starts);
            })
        .mapEmpty();
  }

  /** Ready when every pipeline runs and its consumer has partitions. */
  public ReadinessCheck readiness() {
    return ReadinessCheck.of(
        "workers",
        () -> {
          List<String> problems = new ArrayList<>();
          if (starting.get() > 0) {
            problems.add(starting.get() + " pipeline(s) starting");
          }
          pipelines.forEach(
              (k, h) -> {
                String problem = h.verticle.pipeline.problem();
                if (problem != null) {
                  problems.add(k + ": " + problem);
                }
              });
          return problems.isEmpty() ? null : String.join("; ", problems);
        });
  }

  /** Stops every pipeline, committing what is done; the rest is redelivered after a restart. */
  public synchronized Future<Void> close() {
    return shutdown(true);
  }

  /** Stops as a crash would: nothing more is committed. For tests of at-least-once delivery. */
  synchronized Future<Void> abort() {
    return shutdown(false);
  }

  private Future<Void> shutdown(boolean commit) {
    last =
        last.transform(
            previous -> {
              List<Future<?>> stops = new ArrayList<>();
              pipelines.values().forEach(h -> stops.add(stop(h, commit)));
              pipelines.clear();
              return Future.all(stops).mapEmpty();
            });
    return last;
  }

  private Future<Void> stop(Hosted hosted, boolean commit) {
    return hosted
        .verticle
        .pipeline
        .close(commit)
        .eventually(() -> vertx.undeploy(hosted.deploymentId))
        .onFailure(e -> LOG.warn("stopping a pipeline failed: {}", e.toString()));
  }

  private static String key(WorkerConfig c) {
    return c.namespace() + "/" + c.destination();
  }

  /** Gives each pipeline a context (event loop) of its own. */
  private final class PipelineVerticle extends VerticleBase {
    private final WorkerConfig config;
    volatile Pipeline pipeline;

    PipelineVerticle(WorkerConfig config) {
      this.config = Objects.requireNonNull(config);
    }

    @Override
    public Future<?> start() {
      Context ctx = context;
      Promise<Void> started = Promise.promise();
      try {
        pipeline = Pipeline.start(vertx, ctx, config, options, connectors, registry);
        started.complete();
      } catch (RuntimeException e) {
        started.fail(e);
      }
      return started.future();
    }
  }
}
