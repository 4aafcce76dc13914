package dev.sluice.workers.warehouse;

import static dev.sluice.workers.warehouse.WarehouseNames.qualified;
import static dev.sluice.workers.warehouse.WarehouseNames.quote;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Loads a batch in one transaction, in one of two ways.
 *
 * <p><b>Direct</b> (tried first): event tables get their rows by {@code COPY} straight into the
 * table. The batch holds each id once ({@link TableBatch#add}), so this fails only when a row of
 * the batch is already there (a redelivery) or being loaded by another transaction: the primary key
 * refuses it and the whole transaction rolls back. Loading straight into the table costs PostgreSQL
 * about half of COPY into a staging table followed by {@code INSERT ... SELECT ... ON CONFLICT},
 * and redeliveries are rare.
 *
 * <p><b>Staged</b> (users and accounts always; everything after a direct load failed): per table,
 * COPY into a temporary staging table, then {@code INSERT ... SELECT ... ON CONFLICT (id)}. Event
 * tables keep the first row of an id ({@code DO NOTHING}), so a redelivered message is never a
 * second row; users and accounts take the newer state ({@code DO UPDATE}, only when the row's
 * received_at is not older, keeping columns the newer message does not set).
 *
 * <p>Tables go in name order and upserted rows in id order, so two replicas loading overlapping
 * batches lock in the same order. Rows are streamed to COPY as CSV from one reused buffer.
 */
final class CopyLoader {
  private CopyLoader() {}

  /** Commits, or rolls back and throws. */
  static void load(Connection c, List<TableBatch> tables, boolean direct) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      CsvOut csv = new CsvOut();
      for (TableBatch t : tables) {
        List<String[]> rows = t.rows();
        if (rows.isEmpty()) {
          continue;
        }
        String columns = t.columns().stream().map(WarehouseNames::quote).collect(joining());
        String target = qualified(t.schema, t.table);
        if (direct && !t.upsert) {
          csv.copy(copy, "COPY " + target + " (" + columns + ") FROM STDIN WITH (FORMAT csv)", t);
          continue;
        }
        String stage = stage(c, t, target);
        csv.copy(copy, "COPY " + stage + " (" + columns + ") FROM STDIN WITH (FORMAT csv)", t);
        try (Statement s = c.createStatement()) {
          s.execute(insert(t, target, stage, columns));
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
  private static String stage(Connection c, TableBatch t, String target) throws SQLException {
    String stage =
        "sluice_stage_"
            + Long.toHexString(
                UUID.nameUUIDFromBytes(
                        (target + "/" + t.tableColumns()).getBytes(StandardCharsets.UTF_8))
                    .getMostSignificantBits());
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TEMP TABLE IF NOT EXISTS "
              + stage
              + " (LIKE "
              + target
              // uuid is NOT NULL, filled by its identity: the stage numbers its rows too (never
              // read: the target numbers what it takes).
              + " INCLUDING IDENTITY) ON COMMIT DELETE ROWS");
    }
    return stage;
  }

  static String insert(TableBatch t, String target, String stage, String columns) {
    String head =
        "INSERT INTO "
            + target
            + " AS t ("
            + columns
            + ") SELECT "
            + columns
            + " FROM "
            + stage
            + (t.upsert ? " ORDER BY id" : "")
            + " ON CONFLICT (id) ";
    if (!t.upsert) {
      return head + "DO NOTHING";
    }
    List<String> sets = new ArrayList<>();
    for (String column : t.columns()) {
      if (column.equals("id")) {
        continue;
      }
      String q = quote(column);
      sets.add(
          column.equals("received_at") || column.equals("uuid_ts") || column.equals("loaded_at")
              ? q + " = EXCLUDED." + q
              : q + " = COALESCE(EXCLUDED." + q + ", t." + q + ")");
    }
    return head
        + "DO UPDATE SET "
        + String.join(", ", sets)
        + " WHERE t.received_at IS NULL OR EXCLUDED.received_at IS NULL"
        + " OR EXCLUDED.received_at >= t.received_at";
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(", ");
  }

  /**
   * CSV as COPY reads it, written into one buffer that is handed to the driver whenever it fills:
   * every value quoted (so an empty string is not NULL), NULL as nothing.
   */
  static final class CsvOut {
    private final byte[] buffer = new byte[1 << 16];
    private int length;
    private CopyIn in;

    void copy(CopyManager copy, String sql, TableBatch t) throws SQLException {
      in = copy.copyIn(sql);
      try {
        int width = t.width();
        for (String[] row : t.rows()) {
          row(row, width);
        }
        flush();
        in.endCopy();
      } finally {
        if (in.isActive()) {
          in.cancelCopy();
        }
        in = null;
      }
    }

    private void row(String[] row, int width) throws SQLException {
      for (int i = 0; i < width; i++) {
        if (i > 0) {
          put((byte) ',');
        }
        String v = i < row.length ? row[i] : null;
        if (v != null) {
          value(v);
        }
      }
      put((byte) '\n');
    }

    private void value(String v) throws SQLException {
      put((byte) '"');
      int n = v.length();
      for (int i = 0; i < n; i++) {
        char ch = v.charAt(i);
        if (ch >= 0x80) {
          // Not ASCII: the encoder handles multi-byte characters and unpaired surrogates.
          bytes(v.substring(i).replace("\"", "\"\"").getBytes(StandardCharsets.UTF_8));
          break;
        }
        if (ch == '"') {
          put((byte) '"');
        }
        put((byte) ch);
      }
      put((byte) '"');
    }

    private void bytes(byte[] b) throws SQLException {
      for (byte x : b) {
        put(x);
      }
    }

    private void put(byte b) throws SQLException {
      if (length == buffer.length) {
        flush();
      }
      buffer[length++] = b;
    }

    private void flush() throws SQLException {
      if (length > 0) {
        in.writeToCopy(buffer, 0, length);
        length = 0;
      }
    }
  }
}
