package dev.sluice.workers.warehouse;

import java.util.Map;

/**
 * One row for one table.
 *
 * @param upsert true for {@code users} and {@code accounts}: one row per id, the latest state
 * @param values by column name; {@code id} always present
 */
public record Row(String table, boolean upsert, Map<String, Value> values) {
  public String id() {
    return values.get("id").text();
  }
}
