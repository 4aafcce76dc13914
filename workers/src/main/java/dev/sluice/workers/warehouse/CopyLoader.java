package dev.sluice.workers.warehouse;

import static dev.sluice.workers.warehouse.WarehouseNames.qualified;
import static dev.sluice.workers.warehouse.WarehouseNames.quote;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
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
      int n = 0;
      for (TableLoad t : ordered) {
        String stage = "sluice_stage_" + n++;
        String columns = t.columns().stream().map(WarehouseNames::quote).collect(joining());
        try (Statement s = c.createStatement()) {
          s.execute(
              "CREATE TEMP TABLE "
                  + stage
                  + " (LIKE "
                  + qualified(t.schema(), t.table())
                  + ") ON COMMIT DROP");
        }
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
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
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
            + " ORDER BY id ON CONFLICT (id) ";
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
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(rows.size() * 256);
    try (Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
      for (String[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          if (i > 0) {
            out.write(',');
          }
          String v = row[i];
          if (v != null) {
            out.write('"');
            if (v.indexOf('"') >= 0) {
              out.write(v.replace("\"", "\"\""));
            } else {
              out.write(v);
            }
            out.write('"');
          }
        }
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(", ");
  }
}
