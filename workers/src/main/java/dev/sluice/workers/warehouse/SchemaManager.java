package dev.sluice.workers.warehouse;

import static dev.sluice.workers.warehouse.WarehouseNames.qualified;
import static dev.sluice.workers.warehouse.WarehouseNames.quote;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates tables and adds columns, never drops or changes either. Each change runs in its own short
 * transaction holding a transaction-scoped advisory lock on the table, so changes to one table are
 * serialized across threads and worker replicas and every replica sees the columns the others added
 * (it re-reads them under the lock). Known columns are cached; a load that fails forgets its
 * tables, so a column changed by hand is read again.
 */
final class SchemaManager {
  private static final String COLUMNS =
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
          + " JOIN pg_class c ON a.attrelid = c.oid JOIN pg_namespace n ON c.relnamespace = n.oid"
          + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped";

  private static final String SCHEMA_COLUMNS =
      "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
          + " JOIN pg_class c ON a.attrelid = c.oid JOIN pg_namespace n ON c.relnamespace = n.oid"
          + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0"
          + " AND NOT a.attisdropped ORDER BY c.relname, a.attnum";

  private final int maxColumns;
  private final WarehouseMetrics metrics;
  private final Map<String, Map<String, ColumnType>> known = new ConcurrentHashMap<>();
  private final Set<String> preloaded = ConcurrentHashMap.newKeySet();

  SchemaManager(int maxColumns, WarehouseMetrics metrics) {
    this.maxColumns = maxColumns;
    this.metrics = metrics;
  }

  /**
   * The columns of {@code schema.table} once it has every column of {@code wanted} there is room
   * for (at most maxColumns); a column left out is missing from the answer.
   */
  Map<String, ColumnType> ensure(
      Connection c, String schema, String table, Map<String, ColumnType> wanted)
      throws SQLException {
    String key = schema + "." + table;
    Map<String, ColumnType> cached = known.get(key);
    if (cached != null && cached.keySet().containsAll(wanted.keySet())) {
      return cached;
    }
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      lock(c, "schema:" + schema);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
      }
      lock(c, "table:" + key);
      Map<String, ColumnType> columns = read(c, schema, table);
      if (columns.isEmpty()) {
        columns = create(c, schema, table, wanted);
      } else {
        add(c, schema, table, columns, wanted);
      }
      c.commit();
      known.put(key, Map.copyOf(columns));
      return columns;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      known.remove(key);
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  void forget(String schema, String table) {
    known.remove(schema + "." + table);
    preloaded.remove(schema);
  }

  /** The columns of a table as last read, or null when it is not known to exist. */
  Map<String, ColumnType> cached(String schema, String table) {
    return known.get(schema + "." + table);
  }

  /**
   * Reads the columns of every table of {@code schema} once (one query), so that a batch's values
   * are fitted to the types the tables have even on a connector's first batch.
   */
  void preload(Connection c, String schema) throws SQLException {
    if (preloaded.contains(schema)) {
      return;
    }
    Map<String, Map<String, ColumnType>> tables = new LinkedHashMap<>();
    try (PreparedStatement p = c.prepareStatement(SCHEMA_COLUMNS)) {
      p.setString(1, schema);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          tables
              .computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>())
              .put(rs.getString(2), ColumnType.fromSql(rs.getString(3)));
        }
      }
    }
    tables.forEach(
        (table, columns) -> known.putIfAbsent(schema + "." + table, Map.copyOf(columns)));
    preloaded.add(schema);
  }

  private Map<String, ColumnType> create(
      Connection c, String schema, String table, Map<String, ColumnType> wanted)
      throws SQLException {
    Map<String, ColumnType> columns = new LinkedHashMap<>();
    columns.put("id", ColumnType.TEXT);
    for (Map.Entry<String, ColumnType> w : wanted.entrySet()) {
      if (columns.size() >= maxColumns) {
        break;
      }
      columns.putIfAbsent(w.getKey(), w.getValue());
    }
    List<String> definitions = new ArrayList<>();
    columns.forEach(
        (name, type) ->
            definitions.add(
                quote(name) + " " + type.sql() + (name.equals("id") ? " PRIMARY KEY" : "")));
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + qualified(schema, table)
              + " ("
              + String.join(", ", definitions)
              + ")");
    }
    metrics.schemaChange(schema, table, "create_table", 1);
    return columns;
  }

  private void add(
      Connection c,
      String schema,
      String table,
      Map<String, ColumnType> columns,
      Map<String, ColumnType> wanted)
      throws SQLException {
    List<String> clauses = new ArrayList<>();
    for (Map.Entry<String, ColumnType> w : wanted.entrySet()) {
      if (columns.containsKey(w.getKey()) || columns.size() >= maxColumns) {
        continue;
      }
      columns.put(w.getKey(), w.getValue());
      clauses.add("ADD COLUMN IF NOT EXISTS " + quote(w.getKey()) + " " + w.getValue().sql());
    }
    if (clauses.isEmpty()) {
      return;
    }
    try (Statement s = c.createStatement()) {
      s.execute("ALTER TABLE " + qualified(schema, table) + " " + String.join(", ", clauses));
    }
    metrics.schemaChange(schema, table, "add_column", clauses.size());
  }

  private static Map<String, ColumnType> read(Connection c, String schema, String table)
      throws SQLException {
    Map<String, ColumnType> columns = new LinkedHashMap<>();
    try (PreparedStatement p = c.prepareStatement(COLUMNS)) {
      p.setString(1, schema);
      p.setString(2, table);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          columns.put(rs.getString(1), ColumnType.fromSql(rs.getString(2)));
        }
      }
    }
    return columns;
  }

  /** A transaction-scoped advisory lock: released at commit or rollback, even if the pod dies. */
  private static void lock(Connection c, String name) throws SQLException {
    long key =
        UUID.nameUUIDFromBytes(("sluice.warehouse:" + name).getBytes(StandardCharsets.UTF_8))
            .getMostSignificantBits();
    try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      p.setLong(1, key);
      p.execute();
    }
  }
}
