package dev.sluice.workers.warehouse;

import static dev.sluice.workers.warehouse.WarehouseNames.qualified;
import static dev.sluice.workers.warehouse.WarehouseNames.quote;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads a batch in one transaction: per table, COPY into a temporary staging table, then {@code
 * INSERT ... SELECT ... ON CONFLICT (id)}. Event tables keep the first row of an id ({@code DO
 * NOTHING}), so a redelivered message is never a second row; {@code users} and {@code accounts}
 * take the newer state ({@code DO UPDATE}, only when the row's received_at is not older, keeping
 * columns the newer message does not set). Tables go in name order and rows in id order, so two
 * replicas loading overlapping batches lock in the same order.
 */
final class CopyLoader {
  private CopyLoader() {}

  /** Commits, or rolls back and throws. */
  static void load(Connection c, List<TableLoad> tables) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      List<TableLoad> ordered = new ArrayList<>(tables);
      ordered.sort(Comparator.comparing(TableLoad::schema).thenComparing(TableLoad::table));
      for (TableLoad t : ordered) {
        String stage = stage(c, t);
        String columns = t.columns().stream().map(WarehouseNames::quote).collect(joining());
        try {
          copy.copyIn(
              "COPY " + stage + " (" + columns + ") FROM STDIN WITH (FORMAT csv)",
              new ByteArrayInputStream(csv(t.rows())));
        } catch (IOException e) {
          throw new SQLException("COPY into " + t.table() + " failed: " + e.getMessage(), e);
        }
        try (Statement s = c.createStatement()) {
          s.execute(insert(t, stage, columns));
        }
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
        // Staging tables outlive transactions; one shaped by a column changed by hand would fail
        // every retry on this connection.
        try (Statement s = c.createStatement()) {
          s.execute("DISCARD TEMP");
        }
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /**
   * A temporary staging table shaped like the target, kept by the connection and emptied at each
   * commit: creating one per table per batch cost more than the COPY into it. Its name carries the
   * target's column count, so a table that grew gets a new stage.
   */
  private static String stage(Connection c, TableLoad t) throws SQLException {
    String target = qualified(t.schema(), t.table());
    String stage =
        "sluice_stage_"
            + Long.toHexString(
                java.util
                    .UUID
                    .nameUUIDFromBytes(
                        (target + "/" + t.tableColumns())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .getMostSignificantBits());
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TEMP TABLE IF NOT EXISTS "
              + stage
              + " (LIKE "
              + target
              + ") ON COMMIT DELETE ROWS");
    }
    return stage;
  }

  static String insert(TableLoad t, String stage, String columns) {
    String head =
        "INSERT INTO "
            + qualified(t.schema(), t.table())
            + " AS t ("
            + columns
            + ") SELECT "
            + columns
            + " FROM "
            + stage
            + (t.upsert() ? " ORDER BY id" : "")
            + " ON CONFLICT (id) ";
    if (!t.upsert()) {
      return head + "DO NOTHING";
    }
    List<String> sets = new ArrayList<>();
    for (String column : t.columns()) {
      if (column.equals("id")) {
        continue;
      }
      String q = quote(column);
      sets.add(
          column.equals("received_at") || column.equals("uuid_ts")
              ? q + " = EXCLUDED." + q
              : q + " = COALESCE(EXCLUDED." + q + ", t." + q + ")");
    }
    return head
        + "DO UPDATE SET "
        + String.join(", ", sets)
        + " WHERE t.received_at IS NULL OR EXCLUDED.received_at IS NULL"
        + " OR EXCLUDED.received_at >= t.received_at";
  }

  /** CSV as COPY reads it: every value quoted (so an empty string is not NULL), NULL unquoted. */
  static byte[] csv(List<String[]> rows) {
    StringBuilder out = new StringBuilder(rows.size() * 512);
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          out.append(',');
        }
        String v = row[i];
        if (v != null) {
          out.append('"');
          if (v.indexOf('"') >= 0) {
            out.append(v.replace("\"", "\"\""));
          } else {
            out.append(v);
          }
          out.append('"');
        }
      }
      out.append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(", ");
  }
}
