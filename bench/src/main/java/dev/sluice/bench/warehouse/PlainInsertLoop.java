package dev.sluice.bench.warehouse;

import dev.sluice.api.message.MessageJson;
import dev.sluice.workers.warehouse.MessageRows;
import dev.sluice.workers.warehouse.Row;
import dev.sluice.workers.warehouse.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline: what one would write by hand with JDBC. The same messages become the same rows
 * (with the connector's own mapping, so only the way of loading differs) and go into tables of the
 * same shape with one prepared {@code INSERT ... ON CONFLICT (id) DO NOTHING} per table,
 * executeBatch every 1,000 messages and a commit every {@code commitEvery} messages, on one
 * connection, with the driver's defaults. That includes {@code reWriteBatchedInserts=false}: the
 * driver sends each added row as its own execution of the prepared statement (Bind/Execute),
 * pipelined so that a whole executeBatch costs one round trip, rather than rewriting the batch into
 * multi-row {@code INSERT ... VALUES (...), (...)} statements; PostgreSQL plans the statement once
 * and runs it once per row.
 */
final class PlainInsertLoop {
  private PlainInsertLoop() {}

  /** Creates {@code target}'s tables like {@code like}'s (not timed). */
  static void createLike(Connection c, String like, String target) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                    + like
                    + "'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + target);
      for (String t : tables) {
        s.execute(
            "CREATE TABLE "
                + target
                + ".\""
                + t
                + "\" (LIKE "
                + like
                + ".\""
                + t
                + "\" INCLUDING ALL)");
      }
    }
  }

  /** Loads every row; returns the elapsed nanoseconds. */
  static long load(Connection c, String schema, List<byte[]> messages, int commitEvery)
      throws SQLException {
    c.setAutoCommit(false);
    Map<String, Map<String, String>> types = new HashMap<>();
    Map<String, PreparedStatement> statements = new LinkedHashMap<>();
    long started = System.nanoTime();
    int n = 0;
    String loadedAt = java.time.Instant.now().toString();
    for (byte[] body : messages) {
      List<Row> message;
      try {
        message = ((MessageRows.Rows) MessageRows.of(MessageJson.readTree(body), loadedAt)).rows();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (Row row : message) {
        Map<String, String> columns =
            types.computeIfAbsent(row.table(), t -> columnTypes(c, schema, t));
        PreparedStatement p =
            statements.computeIfAbsent(row.table(), t -> prepare(c, schema, t, columns));
        int i = 1;
        for (String column : columns.keySet()) {
          Value v = row.values().get(column);
          p.setString(i++, v == null ? null : v.text());
        }
        p.addBatch();
      }
      n++;
      if (n % 1000 == 0) {
        for (PreparedStatement p : statements.values()) {
          p.executeBatch();
        }
      }
      if (n % commitEvery == 0) {
        c.commit();
      }
    }
    for (PreparedStatement p : statements.values()) {
      p.executeBatch();
      p.close();
    }
    c.commit();
    return System.nanoTime() - started;
  }

  private static Map<String, String> columnTypes(Connection c, String schema, String table) {
    Map<String, String> out = new LinkedHashMap<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
      p.setString(1, schema);
      p.setString(2, table);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static PreparedStatement prepare(
      Connection c, String schema, String table, Map<String, String> columns) {
    List<String> names = new ArrayList<>();
    List<String> params = new ArrayList<>();
    columns.forEach(
        (name, type) -> {
          names.add("\"" + name + "\"");
          params.add("?::" + type);
        });
    try {
      return c.prepareStatement(
          "INSERT INTO "
              + schema
              + ".\""
              + table
              + "\" ("
              + String.join(", ", names)
              + ") VALUES ("
              + String.join(", ", params)
              + ") ON CONFLICT (id) DO NOTHING");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
