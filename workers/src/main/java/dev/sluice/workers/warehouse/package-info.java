/**
 * The warehouse destination: PostgreSQL tables in Segment's warehouse schema ({@code tracks}, one
 * table per event, {@code identifies}, {@code users}, {@code pages}, {@code screens}, {@code
 * groups}, {@code accounts}, {@code aliases}). Messages become rows ({@link MessageRows}, {@link
 * Flattener}, {@link WarehouseNames}, {@link TypeInference}), tables and columns are created or
 * added under advisory locks ({@link SchemaManager}), values are fitted to their column ({@link
 * Conversions}), and each batch is loaded in one transaction with COPY into staging tables and
 * {@code INSERT ... ON CONFLICT (id)} ({@link CopyLoader}), on worker threads ({@link
 * WarehouseConnector}).
 */
package dev.sluice.workers.warehouse;
