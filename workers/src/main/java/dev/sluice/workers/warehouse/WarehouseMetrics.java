package dev.sluice.workers.warehouse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A warehouse destination's meters. Prometheus names: {@code
 * sluice_warehouse_rows_loaded_total{schema,table}}, {@code sluice_warehouse_load_seconds} (one
 * batch's transaction, schema changes included), {@code
 * sluice_warehouse_schema_changes_total{schema,table,change}} ({@code create_table}, {@code
 * add_column}) and {@code sluice_warehouse_rejected_total{reason}} (messages sent to the
 * dead-letter topic because a value or name did not fit), all tagged with namespace and
 * destination.
 */
public final class WarehouseMetrics {
  private final MeterRegistry registry;
  private final String namespace;
  private final String destination;
  private final Timer load;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final List<Meter> meters = new CopyOnWriteArrayList<>();

  public WarehouseMetrics(MeterRegistry registry, String namespace, String destination) {
    this.registry = registry;
    this.namespace = namespace;
    this.destination = destination;
    this.load =
        Timer.builder("sluice.warehouse.load")
            .description("One batch loaded: schema changes, COPY and insert, in one transaction")
            .tag("namespace", namespace)
            .tag("destination", destination)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(registry);
    meters.add(load);
  }

  void loaded(String schema, String table, long rows) {
    counter("sluice.warehouse.rows.loaded", "Rows written", "schema", schema, "table", table)
        .increment(rows);
  }

  void schemaChange(String schema, String table, String change, int count) {
    counter(
            "sluice.warehouse.schema.changes",
            "Tables created and columns added",
            "schema",
            schema,
            "table",
            table,
            "change",
            change)
        .increment(count);
  }

  void rejected(String reason) {
    counter(
            "sluice.warehouse.rejected",
            "Messages dead-lettered because a value or name did not fit",
            "reason",
            reason)
        .increment();
  }

  void loadTime(Duration duration) {
    load.record(duration);
  }

  private Counter counter(String name, String description, String... tags) {
    String key = name + String.join("\u0000", tags);
    return counters.computeIfAbsent(
        key,
        k -> {
          Counter c =
              Counter.builder(name)
                  .description(description)
                  .tag("namespace", namespace)
                  .tag("destination", destination)
                  .tags(tags)
                  .register(registry);
          meters.add(c);
          return c;
        });
  }

  /** Removes this destination's meters, once the destination itself is gone. */
  public void close() {
    meters.forEach(registry::remove);
  }
}
