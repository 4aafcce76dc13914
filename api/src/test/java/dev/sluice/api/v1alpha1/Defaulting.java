package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Applies the schema's {@code default}s the way the API server does before validating: a missing
 * property with a default is set, in every object that is present.
 */
final class Defaulting {
  private Defaulting() {}

  static void apply(JsonNode schema, JsonNode value) {
    if (value instanceof ObjectNode object) {
      JsonNode props = schema.path("properties");
      for (Map.Entry<String, JsonNode> p : props.properties()) {
        if (!object.has(p.getKey()) && p.getValue().has("default")) {
          object.set(p.getKey(), p.getValue().get("default").deepCopy());
        }
        if (object.has(p.getKey())) {
          apply(p.getValue(), object.get(p.getKey()));
        }
      }
      JsonNode values = schema.path("additionalProperties");
      if (values.isObject()) {
        object.forEach(v -> apply(values, v));
      }
    } else if (value instanceof ArrayNode array && schema.has("items")) {
      array.forEach(item -> apply(schema.get("items"), item));
    }
  }
}
