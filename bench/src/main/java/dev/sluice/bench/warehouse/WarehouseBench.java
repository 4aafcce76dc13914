package dev.sluice.bench.warehouse;

import dev.sluice.api.config.DestinationSettings;
import dev.sluice.workers.delivery.Delivery;
import dev.sluice.workers.delivery.SendResult;
import dev.sluice.workers.warehouse.WarehouseConnector;
import dev.sluice.workers.warehouse.WarehouseMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rows loaded per second into PostgreSQL: the warehouse connector (batches of 10,000 messages, COPY
 * + INSERT ON CONFLICT, tables and columns created on the way) against a plain JDBC batch-insert
 * loop of the same rows into tables of the same shape, same database, same run. Each track message
 * is two rows (tracks and its event's table). Rounds alternate connector and loop, each into fresh
 * schemas.
 *
 * <p>The connector is driven as the pipeline drives it: at most {@code inFlight} messages (the
 * workers' default maxInFlightRecords, 10,000) not yet committed, with a flush when that is
 * reached.
 *
 * <p>Args: jdbcUrl user password [messages (100000)] [rounds (3)] [batch maxEvents (2500)]
 * [maxConnections (4)].
 */
public final class WarehouseBench {
  private static final int IN_FLIGHT = 10_000;

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    String password = args[2];
    int n = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    int batch = args.length > 5 ? Integer.parseInt(args[5]) : 2500;
    int connections = args.length > 6 ? Integer.parseInt(args[6]) : 4;
    List<byte[]> messages = BenchMessages.generate(n, 42);
    long bytes = messages.stream().mapToLong(b -> b.length).sum();
    System.out.printf(
        Locale.ROOT,
        "%d track messages, %d bytes on average, %d rows each (tracks + event table)%n",
        n,
        bytes / n,
        2);
    DestinationSettings.Warehouse settings =
        new DestinationSettings.Warehouse(
            url,
            user,
            password,
            Map.of(),
            batch,
            64 << 20,
            Duration.ofSeconds(1),
            connections,
            1000);
    Vertx vertx = Vertx.vertx();
    try (Connection admin = DriverManager.getConnection(url, user, password)) {
      // Warm-up: JIT for both paths, on a tenth of the messages.
      String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
      String warm = "bench_" + run + "_warm";
      CpuMeter.postmaster(admin);
      connector(vertx, settings, warm, messages.subList(0, n / 10), new double[2]);
      PlainInsertLoop.createLike(admin, warm, warm + "_plain");
      PlainInsertLoop.load(admin, warm + "_plain", messages.subList(0, n / 10), IN_FLIGHT);
      for (int r = 1; r <= rounds; r++) {
        String schema = "bench_" + run + "_" + r;
        double[] cpu0 = CpuMeter.now();
        double[] cpu1 = new double[2];
        long connectorNanos = connector(vertx, settings, schema, messages, cpu1);
        check(admin, schema, n);
        String plain = schema + "_plain";
        PlainInsertLoop.createLike(admin, schema, plain);
        double[] cpu2 = CpuMeter.now();
        long plainNanos = PlainInsertLoop.load(admin, plain, messages, IN_FLIGHT);
        double[] cpu3 = CpuMeter.now();
        check(admin, plain, n);
        double c = n / (connectorNanos / 1e9);
        double p = n / (plainNanos / 1e9);
        System.out.printf(
            Locale.ROOT,
            "round %d: connector %,.0f events/s (%,.0f rows/s, %.1f s) | plain JDBC batch loop"
                + " %,.0f events/s (%,.0f rows/s, %.1f s) | ratio %.2fx%n",
            r,
            c,
            2 * c,
            connectorNanos / 1e9,
            p,
            2 * p,
            plainNanos / 1e9,
            c / p);
        System.out.printf(
            Locale.ROOT,
            "         CPU s (JVM + PostgreSQL): connector %.1f + %.1f = %.1f | plain loop %.1f + %.1f"
                + " = %.1f | events per CPU second %,.0f vs %,.0f%n",
            cpu1[0] - cpu0[0],
            cpu1[1] - cpu0[1],
            (cpu1[0] - cpu0[0]) + (cpu1[1] - cpu0[1]),
            cpu3[0] - cpu2[0],
            cpu3[1] - cpu2[1],
            (cpu3[0] - cpu2[0]) + (cpu3[1] - cpu2[1]),
            n / ((cpu1[0] - cpu0[0]) + (cpu1[1] - cpu0[1])),
            n / ((cpu3[0] - cpu2[0]) + (cpu3[1] - cpu2[1])));
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Sends every message through the connector on its own context; nanoseconds until all commit.
   *
   * @param cpuAtEnd where to put the CPU seconds when the last batch committed: measured before the
   *     pool closes, because an exiting PostgreSQL backend takes its CPU count with it
   */
  static long connector(
      Vertx vertx,
      DestinationSettings.Warehouse settings,
      String source,
      List<byte[]> messages,
      double[] cpuAtEnd)
      throws Exception {
    Context context = vertx.getOrCreateContext();
    WarehouseConnector connector =
        new WarehouseConnector(
            vertx,
            context,
            settings,
            new WarehouseMetrics(new SimpleMeterRegistry(), "bench", source),
            source);
    CountDownLatch done = new CountDownLatch(messages.size());
    AtomicInteger failed = new AtomicInteger();
    Feeder feeder = new Feeder(connector, source, messages, done, failed);
    long started = System.nanoTime();
    context.runOnContext(v -> feeder.feed());
    if (!done.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the connector did not finish");
    }
    long elapsed = System.nanoTime() - started;
    System.arraycopy(CpuMeter.now(), 0, cpuAtEnd, 0, cpuAtEnd.length);
    CountDownLatch closed = new CountDownLatch(1);
    context.runOnContext(v -> connector.close().onComplete(ar -> closed.countDown()));
    closed.await(30, TimeUnit.SECONDS);
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " messages were not delivered");
    }
    return elapsed;
  }

  private static void check(Connection c, String schema, int n) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + ".tracks")) {
      rs.next();
      if (rs.getLong(1) != n) {
        throw new IllegalStateException(
            schema + ".tracks has " + rs.getLong(1) + " rows, not " + n);
      }
    }
  }

  /** Sends on the connector's context, keeping at most IN_FLIGHT messages uncommitted. */
  private static final class Feeder {
    private final WarehouseConnector connector;
    private final String source;
    private final List<byte[]> messages;
    private final CountDownLatch done;
    private final AtomicInteger failed;
    private int next;
    private int inFlight;

    Feeder(
        WarehouseConnector connector,
        String source,
        List<byte[]> messages,
        CountDownLatch done,
        AtomicInteger failed) {
      this.connector = connector;
      this.source = source;
      this.messages = messages;
      this.done = done;
      this.failed = failed;
    }

    void feed() {
      while (next < messages.size() && inFlight < IN_FLIGHT) {
        byte[] body = messages.get(next++);
        inFlight++;
        connector
            .send(List.of(new Delivery("c", source, null, null, null, body, body, null, null)))
            .onComplete(
                ar -> {
                  if (!(ar.result() instanceof SendResult.Delivered)) {
                    failed.incrementAndGet();
                  }
                  inFlight--;
                  done.countDown();
                  if (inFlight < IN_FLIGHT / 2) {
                    feed();
                  }
                });
      }
      if (inFlight >= IN_FLIGHT || next == messages.size()) {
        connector.flush(); // what the pipeline does when it pauses, and at the end
      }
    }
  }
}
