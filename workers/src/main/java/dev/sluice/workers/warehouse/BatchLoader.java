package dev.sluice.workers.warehouse;

import dev.sluice.api.message.MessageJson;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Loads one batch of messages, all or nothing (apart from the messages it rejects). One pass maps
 * each message straight into its tables' row slots, fitted to the columns' types as the values
 * arrive ({@link BatchRows}; a message with a value that does not fit, or a column there is no room
 * for, is rejected whole, so no message is half-loaded); then the batch's tables and columns are
 * made to exist, and one COPY transaction loads it ({@link CopyLoader}). Runs on a worker thread.
 */
public final class BatchLoader {
  private final DataSource pool;
  private final SchemaManager schemas;
  private final WarehouseMetrics metrics;
  private final int maxColumns;

  /** A message for the schema its Source loads into. */
  public record Item(String schema, byte[] body) {}

  /**
   * @param rejected the reason per rejected item index; every other item is loaded
   */
  public record Outcome(Map<Integer, String> rejected) {}

  public BatchLoader(DataSource pool, int maxColumns, WarehouseMetrics metrics) {
    this.pool = pool;
    this.maxColumns = maxColumns;
    this.metrics = metrics;
    this.schemas = new SchemaManager(maxColumns, metrics);
  }

  /** Throws when the batch could not be loaded at all (it is then worth retrying). */
  public Outcome load(List<Item> items) throws SQLException {
    long started = System.nanoTime();
    String loadedAt = Instant.now().toString();
    try (Connection c = pool.getConnection()) {
      List<TableBatch> tables = null;
      Map<Integer, BatchRows.Rejection> rejected = null;
      try {
        for (String schema : schemasOf(items)) {
          schemas.preload(c, schema);
        }
        // Values are fitted to the column types known when the batch was mapped. If another
        // replica gave a new column another type meanwhile, map the batch again: the types are
        // known now.
        for (int attempt = 1; tables == null; attempt++) {
          rejected = new HashMap<>();
          List<TableBatch> mapped = map(items, loadedAt, rejected);
          if (ensure(c, mapped) || attempt == 2) {
            tables = mapped;
          }
        }
        copy(c, tables);
      } catch (SQLException | RuntimeException e) {
        // The columns may have changed under us (by hand, or a type we did not expect).
        if (tables != null) {
          tables.forEach(t -> schemas.forget(t.schema, t.table));
        }
        throw e;
      }
      tables.forEach(t -> metrics.loaded(t.schema, t.table, t.rows().size()));
      Map<Integer, String> reasons = new HashMap<>();
      rejected.forEach(
          (item, r) -> {
            reasons.put(item, r.reason());
            metrics.rejected(r.kind());
          });
      metrics.loadTime(Duration.ofNanos(System.nanoTime() - started));
      return new Outcome(reasons);
    }
  }

  private static Set<String> schemasOf(List<Item> items) {
    Set<String> schemas = new HashSet<>(2);
    items.forEach(i -> schemas.add(i.schema()));
    return schemas;
  }

  private List<TableBatch> map(
      List<Item> items, String loadedAt, Map<Integer, BatchRows.Rejection> rejected) {
    BatchRows rows = new BatchRows(schemas::cached, maxColumns);
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      rows.begin(item.schema());
      try {
        String refused = MessageRows.map(MessageJson.readTree(item.body()), loadedAt, rows);
        if (refused != null) {
          rows.reject(refused, "message");
        }
      } catch (IOException e) {
        rows.reject("the message is not JSON: " + e.getMessage(), "message");
      }
      BatchRows.Rejection rejection = rows.end();
      if (rejection != null) {
        rejected.put(i, rejection);
      }
    }
    return rows.tables();
  }

  /** Makes every table and column exist; false if a table's types differ from the assumed ones. */
  private boolean ensure(Connection c, List<TableBatch> tables) throws SQLException {
    boolean fits = true;
    for (TableBatch t : tables) {
      fits &= t.fits(schemas.ensure(c, t.schema, t.table, t.wanted()));
    }
    return fits;
  }

  /** Direct COPY first; after a conflict (a redelivered row), the staged load. */
  private static void copy(Connection c, List<TableBatch> tables) throws SQLException {
    try {
      CopyLoader.load(c, tables, true);
    } catch (SQLException e) {
      if (!c.isValid(5)) {
        throw e;
      }
      CopyLoader.load(c, tables, false);
    }
  }
}
