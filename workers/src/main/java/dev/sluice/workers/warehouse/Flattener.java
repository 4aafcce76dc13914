package dev.sluice.workers.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Segment's flattening: nested objects become columns joined with {@code _} ({@code
 * context.app.version} is {@code context_app_version}), arrays are stored as their JSON text, nulls
 * make no column. A name already taken (one of Segment's own columns, or an earlier property that
 * snake-cases the same) keeps its first value (the sink sees to that): Segment discards properties
 * named like its columns.
 */
public final class Flattener {
  private Flattener() {}

  /** Adds the leaves of {@code object} under {@code prefix} (empty for none) to {@code row}. */
  public static void flatten(JsonNode object, String prefix, MessageRows.Sink row) {
    if (object == null || !object.isObject()) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String path = prefix.isEmpty() ? field.getKey() : prefix + "_" + field.getKey();
      JsonNode node = field.getValue();
      if (node.isObject()) {
        flatten(node, path, row);
        continue;
      }
      Value value =
          node.isArray() ? new Value(ColumnType.TEXT, node.toString()) : TypeInference.infer(node);
      if (value != null) {
        row.put(WarehouseNames.column(path), value);
      }
    }
  }
}
