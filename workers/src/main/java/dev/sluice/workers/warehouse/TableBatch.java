package dev.sluice.workers.warehouse;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One table's rows in one batch, already fitted to their columns' types: each row is its values'
 * text by column slot, filled as the message is read (one pass; no map per row). Columns are the
 * table's base columns, then those this batch's values name, in first-seen order; a column the
 * table does not have yet takes the type of its first value (Segment: the first value wins). Rows
 * written before a column was added are shorter: the missing trailing values are null.
 */
final class TableBatch {
  final String schema;
  final String table;
  final boolean upsert;

  /** The table's columns as last read from the database; null when it is not known to exist. */
  private final Map<String, ColumnType> known;

  private final int maxColumns;
  private final Map<String, Integer> slots = new HashMap<>();
  private final List<String> columns = new ArrayList<>();
  private final List<ColumnType> types = new ArrayList<>();
  private final Set<String> newColumns = new HashSet<>();
  private List<String[]> rows = new ArrayList<>();
  private final Set<String> ids = new HashSet<>();
  private boolean merged;
  private int tableColumns;

  TableBatch(
      String schema, String table, boolean upsert, Map<String, ColumnType> known, int maxColumns) {
    this.schema = schema;
    this.table = table;
    this.upsert = upsert;
    this.known = known;
    this.maxColumns = maxColumns;
    for (String column : MessageRows.baseColumns(table)) {
      slot(column, MessageRows.baseType(column));
    }
  }

  /**
   * The slot of {@code column}, added with the type its first value suggests (or the type the table
   * has) when new; -1 when the table has no room for another column.
   */
  int slot(String column, ColumnType valueType) {
    Integer slot = slots.get(column);
    if (slot != null) {
      return slot;
    }
    ColumnType type = known == null ? null : known.get(column);
    if (type == null) {
      // id and uuid are there whatever the batch holds
      int tableColumns =
          (known == null ? 2 : known.size() + (known.containsKey(MessageRows.UUID) ? 0 : 1))
              + newColumns.size();
      if (tableColumns >= maxColumns && !column.equals("id")) {
        return -1;
      }
      type = MessageRows.COMMON.getOrDefault(column, valueType);
      if (!column.equals("id")) {
        newColumns.add(column);
      }
    }
    slots.put(column, columns.size());
    columns.add(column);
    types.add(type);
    return columns.size() - 1;
  }

  ColumnType type(int slot) {
    return types.get(slot);
  }

  int width() {
    return columns.size();
  }

  /** Adds a finished row; an event table keeps the first row of an id, as ON CONFLICT would. */
  void add(String[] row) {
    if (upsert || ids.add(row[0])) {
      rows.add(row);
    }
  }

  List<String> columns() {
    return columns;
  }

  /** The columns with the types this batch's values were fitted to, base columns first. */
  Map<String, ColumnType> wanted() {
    Map<String, ColumnType> wanted = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      wanted.put(columns.get(i), types.get(i));
    }
    return wanted;
  }

  /** How many columns the table has now (after the batch's columns were made to exist). */
  int tableColumns() {
    return tableColumns;
  }

  /** Whether the table as it is now takes every column with the type this batch assumed. */
  boolean fits(Map<String, ColumnType> actual) {
    tableColumns = actual.size();
    for (int i = 0; i < columns.size(); i++) {
      if (actual.get(columns.get(i)) != types.get(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The rows to load: for users and accounts one per id, later messages' values over earlier ones
   * (by received_at), in id order so that concurrent upserts lock rows in the same order.
   */
  List<String[]> rows() {
    if (upsert && !merged && !rows.isEmpty()) {
      rows = latest(rows, slots.get("received_at"));
      merged = true;
    }
    return rows;
  }

  private static List<String[]> latest(List<String[]> rows, Integer receivedAt) {
    List<String[]> ordered = new ArrayList<>(rows);
    if (receivedAt != null) {
      ordered.sort(Comparator.comparing(r -> instant(r, receivedAt)));
    }
    Map<String, String[]> byId = new HashMap<>();
    for (String[] row : ordered) {
      String[] merged = byId.get(row[0]);
      if (merged == null) {
        byId.put(row[0], row.clone());
        continue;
      }
      if (merged.length < row.length) {
        merged = Arrays.copyOf(merged, row.length);
        byId.put(row[0], merged);
      }
      for (int i = 0; i < row.length; i++) {
        if (row[i] != null) {
          merged[i] = row[i];
        }
      }
    }
    List<String[]> out = new ArrayList<>(byId.values());
    out.sort(Comparator.comparing(r -> r[0]));
    return out;
  }

  private static Instant instant(String[] row, int slot) {
    String v = slot < row.length ? row[slot] : null;
    if (v == null) {
      return Instant.MAX; // no time: treated as newest, as the upsert does
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.MAX;
    }
  }
}
