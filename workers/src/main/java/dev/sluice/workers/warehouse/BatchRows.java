package dev.sluice.workers.warehouse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The sink a batch's messages are mapped into ({@link MessageRows#map}): each value goes straight
 * into its table's row slot, fitted to its column's type as it arrives. A message's rows are held
 * until the message is done, so one that is rejected (a value that does not fit, no room for a
 * column) leaves no row in any table: a message is loaded whole or not at all.
 */
final class BatchRows implements MessageRows.RowSink {
  /** Why a message was rejected, and the metric reason. */
  record Rejection(String reason, String kind) {}

  private final BiFunction<String, String, Map<String, ColumnType>> known;
  private final int maxColumns;
  private final Map<String, Map<String, TableBatch>> tables = new HashMap<>();

  private String schema;
  private final List<TableBatch> messageTables = new ArrayList<>(3);
  private final List<String[]> messageRows = new ArrayList<>(3);
  private TableBatch table;
  private String[] row;
  private Rejection rejection;

  /**
   * @param known the columns of a table as last read, or null if it is not known to exist
   */
  BatchRows(BiFunction<String, String, Map<String, ColumnType>> known, int maxColumns) {
    this.known = known;
    this.maxColumns = maxColumns;
  }

  /** Starts a message for {@code schema}. */
  void begin(String schema) {
    this.schema = schema;
    messageTables.clear();
    messageRows.clear();
    table = null;
    row = null;
    rejection = null;
  }

  /** Rejects the message being mapped (its rows are dropped at {@link #end}). */
  void reject(String reason, String kind) {
    if (rejection == null) {
      rejection = new Rejection(reason, kind);
    }
  }

  /** Ends the message: its rows join their tables unless it was rejected; the rejection if so. */
  Rejection end() {
    if (rejection == null) {
      for (int i = 0; i < messageTables.size(); i++) {
        messageTables.get(i).add(messageRows.get(i));
      }
    }
    return rejection;
  }

  @Override
  public void row(String name, boolean upsert) {
    table =
        tables
            .computeIfAbsent(schema, s -> new HashMap<>())
            .computeIfAbsent(
                name, t -> new TableBatch(schema, t, upsert, known.apply(schema, t), maxColumns));
    // Room for the columns this message may add; a row longer than its table's columns is fine
    // (the slots past them are null) and a shorter one grows.
    row = new String[table.width() + 8];
    messageTables.add(table);
    messageRows.add(row);
  }

  @Override
  public void put(String column, Value value) {
    if (rejection != null) {
      return;
    }
    int slot = table.slot(column, value.type());
    if (slot < 0) {
      reject(
          "table "
              + table.table
              + " has reached its limit of "
              + maxColumns
              + " columns; column "
              + column
              + " was not added",
          "column_limit");
      return;
    }
    if (slot >= row.length) {
      row = Arrays.copyOf(row, Math.max(slot + 1, row.length * 2));
      messageRows.set(messageRows.size() - 1, row);
    }
    if (row[slot] != null) {
      return; // the first value of a column wins
    }
    ColumnType type = table.type(slot);
    Value fitted = Conversions.fit(value, type);
    if (fitted == null) {
      reject(Conversions.reason(table.table, column, type, value), "type");
      return;
    }
    row[slot] = fitted.text();
  }

  /** Every table of the batch, in schema and table order (the order they are locked in). */
  List<TableBatch> tables() {
    List<TableBatch> all = new ArrayList<>();
    tables.values().stream().map(Map::values).forEach(all::addAll);
    all.sort(
        Comparator.comparing((TableBatch t) -> t.schema).thenComparing((TableBatch t) -> t.table));
    return all;
  }
}
