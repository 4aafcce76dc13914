package dev.sluice.workers.warehouse;

import java.util.List;

/**
 * The rows of one batch for one table, ready for COPY.
 *
 * @param columns the columns present in at least one row, {@code id} first
 * @param rows each row's text per column, null where it has no value
 * @param tableColumns how many columns the table has now
 */
record TableLoad(
    String schema,
    String table,
    boolean upsert,
    List<String> columns,
    List<String[]> rows,
    int tableColumns) {}
