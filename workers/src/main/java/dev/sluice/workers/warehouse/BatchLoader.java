package dev.sluice.workers.warehouse;

import dev.sluice.api.message.MessageJson;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Loads one batch of messages, all or nothing (apart from the messages it rejects): messages to
 * rows, grouped by table; tables and columns made to exist; every value fitted to its column (a
 * message with a value that does not fit, or a column there is no room for, is rejected whole, so
 * no message is half-loaded); then one COPY transaction. Runs on a worker thread.
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

  private record Placed(int item, Row row) {}

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
    Map<Integer, String> rejected = new HashMap<>();
    Map<List<String>, List<Placed>> byTable = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      MessageRows.Result result;
      try {
        result = MessageRows.of(MessageJson.readTree(item.body()), loadedAt);
      } catch (IOException e) {
        result = new MessageRows.Rejected("the message is not JSON: " + e.getMessage());
      }
      if (result instanceof MessageRows.Rejected r) {
        reject(rejected, i, r.reason(), "message");
        continue;
      }
      for (Row row : ((MessageRows.Rows) result).rows()) {
        byTable
            .computeIfAbsent(List.of(item.schema(), row.table()), k -> new ArrayList<>())
            .add(new Placed(i, row));
      }
    }
    if (byTable.isEmpty()) {
      return new Outcome(rejected);
    }
    try (Connection c = pool.getConnection()) {
      Map<List<String>, Map<String, ColumnType>> columns = new HashMap<>();
      try {
        for (Map.Entry<List<String>, List<Placed>> e : byTable.entrySet()) {
          String schema = e.getKey().get(0);
          String table = e.getKey().get(1);
          columns.put(e.getKey(), schemas.ensure(c, schema, table, wanted(table, e.getValue())));
        }
        for (Map.Entry<List<String>, List<Placed>> e : byTable.entrySet()) {
          fit(e.getKey().get(1), e.getValue(), columns.get(e.getKey()), rejected);
        }
        List<TableLoad> loads = new ArrayList<>();
        byTable.forEach(
            (key, placed) -> {
              TableLoad load =
                  tableLoad(key.get(0), key.get(1), placed, rejected, columns.get(key).size());
              if (load != null) {
                loads.add(load);
              }
            });
        CopyLoader.load(c, loads);
        loads.forEach(l -> metrics.loaded(l.schema(), l.table(), l.rows().size()));
      } catch (SQLException | RuntimeException e) {
        // The columns may have changed under us (by hand, or a type we did not expect).
        byTable.keySet().forEach(k -> schemas.forget(k.get(0), k.get(1)));
        throw e;
      }
    }
    metrics.loadTime(Duration.ofNanos(System.nanoTime() - started));
    return new Outcome(rejected);
  }

  /** Each column with the type of its first value in the batch (Segment: the first value wins). */
  private static Map<String, ColumnType> wanted(String table, List<Placed> placed) {
    Map<String, ColumnType> wanted = new LinkedHashMap<>();
    MessageRows.baseColumns(table).forEach(c -> wanted.put(c, MessageRows.COMMON.get(c)));
    for (Placed p : placed) {
      p.row()
          .values()
          .forEach(
              (column, value) ->
                  wanted.putIfAbsent(
                      column, MessageRows.COMMON.getOrDefault(column, value.type())));
    }
    return wanted;
  }

  private void fit(
      String table,
      List<Placed> placed,
      Map<String, ColumnType> columns,
      Map<Integer, String> rejected) {
    for (Placed p : placed) {
      if (rejected.containsKey(p.item())) {
        continue;
      }
      for (Map.Entry<String, Value> v : p.row().values().entrySet()) {
        ColumnType type = columns.get(v.getKey());
        if (type == null) {
          reject(
              rejected,
              p.item(),
              "table "
                  + table
                  + " has reached its limit of "
                  + maxColumns
                  + " columns; column "
                  + v.getKey()
                  + " was not added",
              "column_limit");
          break;
        }
        Value fitted = Conversions.fit(v.getValue(), type);
        if (fitted == null) {
          reject(
              rejected,
              p.item(),
              Conversions.reason(table, v.getKey(), type, v.getValue()),
              "type");
          break;
        }
        v.setValue(fitted);
      }
    }
  }

  private static TableLoad tableLoad(
      String schema,
      String table,
      List<Placed> placed,
      Map<Integer, String> rejected,
      int tableColumns) {
    List<Row> rows = new ArrayList<>(placed.size());
    for (Placed p : placed) {
      if (!rejected.containsKey(p.item())) {
        rows.add(p.row());
      }
    }
    if (rows.isEmpty()) {
      return null;
    }
    boolean upsert = rows.get(0).upsert();
    if (upsert) {
      rows = Latest.merge(rows);
    }
    Map<String, Integer> index = new LinkedHashMap<>();
    index.put("id", 0);
    for (Row row : rows) {
      row.values().keySet().forEach(c -> index.putIfAbsent(c, index.size()));
    }
    List<String[]> texts = new ArrayList<>(rows.size());
    for (Row row : rows) {
      String[] text = new String[index.size()];
      row.values().forEach((c, v) -> text[index.get(c)] = v.text());
      texts.add(text);
    }
    return new TableLoad(schema, table, upsert, List.copyOf(index.keySet()), texts, tableColumns);
  }

  private void reject(Map<Integer, String> rejected, int item, String reason, String kind) {
    if (rejected.putIfAbsent(item, reason) == null) {
      metrics.rejected(kind);
    }
  }

  /** users and accounts: one row per id in a batch, later messages' values over earlier ones. */
  static final class Latest {
    private Latest() {}

    static List<Row> merge(List<Row> rows) {
      List<Row> ordered = new ArrayList<>(rows);
      ordered.sort((a, b) -> receivedAt(a).compareTo(receivedAt(b)));
      Map<String, Map<String, Value>> byId = new LinkedHashMap<>();
      for (Row row : ordered) {
        byId.computeIfAbsent(row.id(), id -> new LinkedHashMap<>()).putAll(row.values());
      }
      List<Row> merged = new ArrayList<>(byId.size());
      String table = rows.get(0).table();
      byId.values().forEach(values -> merged.add(new Row(table, true, values)));
      return merged;
    }

    private static Instant receivedAt(Row row) {
      Value v = row.values().get("received_at");
      if (v == null) {
        return Instant.MAX; // no time: treated as newest, as the upsert does
      }
      try {
        return OffsetDateTime.parse(v.text()).toInstant();
      } catch (DateTimeParseException e) {
        return Instant.MAX;
      }
    }
  }
}
