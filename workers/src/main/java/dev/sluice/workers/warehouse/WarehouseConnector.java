package dev.sluice.workers.warehouse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.api.config.DestinationSettings;
import dev.sluice.workers.delivery.Connector;
import dev.sluice.workers.delivery.Delivery;
import dev.sluice.workers.delivery.SendResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects messages into batches (by count, bytes and age, from the Destination's settings) and
 * loads each batch on a loader thread ({@link BatchLoader}: one transaction per batch). A message
 * completes only when its batch has committed, so the pipeline commits its offset only then:
 * at-least-once delivery, and the {@code ON CONFLICT (id)} load makes the rows exactly-once. The
 * batching and the promises stay on the pipeline's context; JDBC never runs there.
 */
public final class WarehouseConnector implements Connector {
  private static final Logger LOG = LoggerFactory.getLogger(WarehouseConnector.class);

  private final Vertx vertx;
  private final Context context;
  private final DestinationSettings.Warehouse settings;
  private final HikariDataSource pool;
  private final BatchLoader loader;
  private final ExecutorService loaderThread;
  private final Map<String, String> schemaBySource = new HashMap<>();
  private final long timer;

  private List<Pending> pending = new ArrayList<>();
  private long pendingBytes;
  private long oldestNanos;

  private record Pending(Delivery delivery, String schema, Promise<SendResult> promise) {}

  public WarehouseConnector(
      Vertx vertx,
      Context context,
      DestinationSettings.Warehouse settings,
      WarehouseMetrics metrics,
      String poolName) {
    this.vertx = vertx;
    this.context = context;
    this.settings = settings;
    this.pool = new HikariDataSource(poolConfig(settings, poolName));
    this.loader = new BatchLoader(pool, settings.maxColumns(), metrics);
    // One loader per pooled connection: while one batch waits on PostgreSQL, the next is mapped
    // to rows, and PostgreSQL works on several batches at once. Loads of one table overlap
    // safely (ON CONFLICT, advisory locks for schema changes; users keep the newest row).
    AtomicInteger threads = new AtomicInteger();
    this.loaderThread =
        Executors.newFixedThreadPool(
            settings.maxConnections(),
            r -> {
              Thread t =
                  new Thread(
                      r, "sluice-warehouse-loader-" + poolName + "-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    long check = Math.max(20, Math.min(1000, settings.batchMaxWait().toMillis() / 4));
    this.timer = vertx.setPeriodic(check, id -> context.runOnContext(v -> loadAged()));
  }

  static HikariConfig poolConfig(DestinationSettings.Warehouse settings, String poolName) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("sluice-warehouse-" + poolName);
    config.setJdbcUrl(settings.url());
    if (settings.user() != null) {
      config.setUsername(settings.user());
    }
    if (settings.password() != null) {
      config.setPassword(settings.password());
    }
    config.setMaximumPoolSize(settings.maxConnections());
    config.setMinimumIdle(1);
    // A database that is down at start is a retryable delivery failure, not a failed pipeline.
    config.setInitializationFailTimeout(-1);
    config.setConnectionTimeout(10_000);
    config.addDataSourceProperty("ApplicationName", "sluice-warehouse");
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    return config;
  }

  /** Completes when the batch holding the message has committed: the archive's shape. */
  @Override
  public boolean completesLater() {
    return true;
  }

  @Override
  public Future<SendResult> send(List<Delivery> unit) {
    return SendResult.ofEach(unit, this::add);
  }

  private Future<SendResult> add(Delivery d) {
    Promise<SendResult> promise = Promise.promise();
    if (pending.isEmpty()) {
      oldestNanos = System.nanoTime();
    }
    pending.add(new Pending(d, schemaOf(d.source()), promise));
    pendingBytes += d.body().length;
    if (pending.size() >= settings.batchMaxEvents() || pendingBytes >= settings.batchMaxBytes()) {
      load();
    }
    return promise.future();
  }

  private String schemaOf(String source) {
    String name = source == null || source.isBlank() ? "sluice" : source;
    return schemaBySource.computeIfAbsent(
        name, s -> settings.schemas().getOrDefault(s, WarehouseNames.schema(s)));
  }

  @Override
  public void flush() {
    load();
  }

  private void loadAged() {
    if (!pending.isEmpty()
        && System.nanoTime() - oldestNanos >= settings.batchMaxWait().toNanos()) {
      load();
    }
  }

  private void load() {
    if (pending.isEmpty()) {
      return;
    }
    List<Pending> batch = pending;
    pending = new ArrayList<>();
    pendingBytes = 0;
    List<BatchLoader.Item> items = new ArrayList<>(batch.size());
    batch.forEach(p -> items.add(new BatchLoader.Item(p.schema(), p.delivery().body())));
    loaderThread.execute(
        () -> {
          BatchLoader.Outcome outcome = null;
          SendResult failure = null;
          try {
            outcome = loader.load(items);
          } catch (SQLException | RuntimeException e) {
            LOG.warn(
                "warehouse load of {} messages failed; they will be retried: {}",
                items.size(),
                e.getMessage());
            failure = new SendResult.Retryable(0, "warehouse load failed: " + e.getMessage(), null);
          }
          BatchLoader.Outcome done = outcome;
          SendResult failed = failure;
          context.runOnContext(v -> complete(batch, done, failed));
        });
  }

  private static void complete(List<Pending> batch, BatchLoader.Outcome outcome, SendResult fail) {
    for (int i = 0; i < batch.size(); i++) {
      SendResult result;
      if (fail != null) {
        result = fail;
      } else {
        String reason = outcome.rejected().get(i);
        result = reason == null ? SendResult.DELIVERED : new SendResult.Rejected(0, reason);
      }
      batch.get(i).promise().complete(result);
    }
  }

  /**
   * Closes the pool at once: a load still running fails (its transaction rolls back) and its
   * messages stay uncommitted for redelivery, as after a crash.
   */
  @Override
  public Future<Void> close() {
    vertx.cancelTimer(timer);
    List<Pending> left = pending;
    pending = new ArrayList<>();
    left.forEach(
        p ->
            p.promise()
                .tryComplete(new SendResult.Retryable(0, "warehouse connector closed", null)));
    return context
        .executeBlocking(
            () -> {
              pool.close();
              loaderThread.shutdownNow();
              // The meters stay: a connector replaced by a settings change hands them to its
              // successor (same names and tags, so the same meters), which registered before this
              // one closed.
              return null;
            },
            false)
        .mapEmpty();
  }
}
