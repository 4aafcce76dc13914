package dev.sluice.workers.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * One pipeline's meters, tagged by namespace and destination (and connection where it applies).
 * Prometheus names: {@code sluice_worker_delivered_total}, {@code _retried_total}, {@code
 * _dead_lettered_total}, {@code _filtered_total{reason}}, {@code _duplicates_total}, {@code
 * _skipped_done_total}, {@code _commits_total}, {@code sluice_worker_delivery_latency_seconds}
 * (receivedAt to delivered) and {@code sluice_worker_consumer_lag}, {@code
 * sluice_worker_destination_failing} (1 while the connector reports a problem).
 */
public final class PipelineMetrics {
  private final MeterRegistry registry;
  private final String destination;
  private final String namespace;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Timer latency;
  private final AtomicLong lag = new AtomicLong();
  private final List<Meter> meters = new ArrayList<>();

  PipelineMetrics(MeterRegistry registry, String namespace, String destination) {
    this.registry = registry;
    this.destination = destination;
    this.namespace = namespace;
    this.latency =
        Timer.builder("sluice.worker.delivery.latency")
            .description("From the gateway's receivedAt to delivery")
            .tag("namespace", namespace)
            .tag("destination", destination)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);
    meters.add(latency);
    meters.add(
        Gauge.builder("sluice.worker.consumer.lag", lag, AtomicLong::doubleValue)
            .description("Records not yet consumed, summed over assigned partitions")
            .tag("namespace", namespace)
            .tag("destination", destination)
            .register(registry));
  }

  /** 1 while the connector reports a problem (an archive folder not writable), else 0. */
  void destinationFailing(BooleanSupplier failing) {
    meters.add(
        Gauge.builder("sluice.worker.destination.failing", () -> failing.getAsBoolean() ? 1 : 0)
            .description("1 while the destination cannot accept deliveries (see /readyz)")
            .tag("namespace", namespace)
            .tag("destination", destination)
            .register(registry));
  }

  void delivered(String connection, int n, Instant receivedAt) {
    meters(connection).delivered.increment(n);
    if (receivedAt != null) {
      latency.record(Duration.between(receivedAt, Instant.now()));
    }
  }

  void retried(String connection, int n) {
    meters(connection).retried.increment(n);
  }

  void deadLettered(String connection, int n) {
    meters(connection).deadLettered.increment(n);
  }

  void dropped(String connection, int n) {
    meters(connection).dropped.increment(n);
  }

  void filtered(String connection, String reason) {
    counter("sluice.worker.filtered", connection, reason).increment();
  }

  void duplicate() {
    counter("sluice.worker.duplicates", "", null).increment();
  }

  void commit() {
    counter("sluice.worker.commits", "", null).increment();
  }

  void skippedDone() {
    counter("sluice.worker.skipped.done", "", null).increment();
  }

  /** The hot counters of one connection, looked up once per delivery by connection name. */
  private final class ConnectionMeters {
    final Counter delivered;
    final Counter retried;
    final Counter deadLettered;
    final Counter dropped;

    ConnectionMeters(String connection) {
      delivered = counter("sluice.worker.delivered", connection, null);
      retried = counter("sluice.worker.retried", connection, null);
      deadLettered = counter("sluice.worker.dead.lettered", connection, null);
      dropped = counter("sluice.worker.dropped", connection, null);
    }
  }

  private final Map<String, ConnectionMeters> byConnection = new ConcurrentHashMap<>();

  /** Prometheus' {@code # HELP} of each counter. */
  private static final Map<String, String> DESCRIPTIONS =
      Map.of(
          "sluice.worker.delivered", "Messages the destination accepted",
          "sluice.worker.retried", "Delivery attempts that failed and were scheduled again",
          "sluice.worker.dead.lettered", "Messages written to the dead-letter topic",
          "sluice.worker.dropped",
              "Messages given up without a dead letter (dead letters disabled for the Destination)",
          "sluice.worker.filtered", "Messages a Connection's filter or transforms held back",
          "sluice.worker.duplicates",
              "Messages not delivered again because their messageId was seen",
          "sluice.worker.commits",
              "Offset commits asked for because something became done (decision 0110)",
          "sluice.worker.skipped.done",
              "Records read again after a restart and skipped: the commit said they were done");

  private ConnectionMeters meters(String connection) {
    ConnectionMeters m = byConnection.get(connection);
    return m != null ? m : byConnection.computeIfAbsent(connection, ConnectionMeters::new);
  }

  void lag(long value) {
    lag.set(value);
  }

  void close() {
    counters.values().forEach(registry::remove);
    meters.forEach(registry::remove);
  }

  private Counter counter(String name, String connection, String reason) {
    return counters.computeIfAbsent(
        name + "|" + connection + "|" + reason,
        k -> {
          Counter.Builder builder =
              Counter.builder(name)
                  .description(DESCRIPTIONS.get(name))
                  .tag("namespace", namespace)
                  .tag("destination", destination)
                  .tag("connection", connection);
          if (reason != null) {
            builder.tag("reason", reason);
          }
          return builder.register(registry);
        });
  }
}
