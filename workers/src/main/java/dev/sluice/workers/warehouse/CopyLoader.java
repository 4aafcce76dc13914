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
 * batches lock in the same order. Rows are streamed to COPY ({@link CopyOut}): binary into the
 * tables, CSV into the stages (PostgreSQL casts CSV to whatever a column became).
 */
final class CopyLoader {
  private CopyLoader() {}

  /** Commits, or rolls back and throws. */
  static void load(Connection c, List<TableBatch> tables, boolean direct) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      CopyOut out = new CopyOut();
      for (TableBatch t : tables) {
        List<String[]> rows = t.rows();
        if (rows.isEmpty()) {
          continue;
        }
        String columns = t.columns().stream().map(WarehouseNames::quote).collect(joining());
        String target = qualified(t.schema, t.table);
        if (direct && !t.upsert) {
          out.binary(copy, "COPY " + target + " (" + columns + ") FROM STDIN", t);
          continue;
        }
        String stage = stage(c, t, target);
        out.csv(copy, "COPY " + stage + " (" + columns + ") FROM STDIN", t);
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
}
