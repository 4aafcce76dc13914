package dev.sluice.workers.warehouse;

/**
 * One column value as inferred from the message: its type and its text as COPY reads it.
 *
 * @param text never null (a JSON null is no value at all)
 */
public record Value(ColumnType type, String text) {}
