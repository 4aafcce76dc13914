package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns a CRD's structural OpenAPI v3 schema into a JSON Schema (draft 4) that judges a whole
 * resource as the API server would: {@code x-kubernetes-*} keywords are dropped (CEL rules are
 * checked separately by {@link CelRules}), unknown fields are errors (what {@code kubectl apply}
 * does with strict field validation), and the root gets apiVersion, kind and metadata.
 */
final class OpenApiToJsonSchema {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private OpenApiToJsonSchema() {}

  static ObjectNode convert(JsonNode openApiSchema, String apiVersion, String kind) {
    ObjectNode root = strict(openApiSchema.deepCopy());
    ObjectNode props = (ObjectNode) root.get("properties");
    props.set("apiVersion", F.objectNode().put("type", "string").set("enum", array(apiVersion)));
    props.set("kind", F.objectNode().put("type", "string").set("enum", array(kind)));
    ObjectNode name =
        F.objectNode()
            .put("type", "string")
            .put("maxLength", 253)
            .put("pattern", Patterns.OBJECT_NAME);
    ObjectNode metadata = F.objectNode().put("type", "object");
    metadata.set("properties", F.objectNode().set("name", name));
    metadata.set("required", array("name"));
    props.set("metadata", metadata);
    root.set("required", array("apiVersion", "kind", "metadata", "spec"));
    return root;
  }

  private static ObjectNode strict(ObjectNode schema) {
    List<String> drop = new ArrayList<>();
    for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (key.startsWith("x-kubernetes-")) {
        drop.add(key);
      }
    }
    boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    schema.remove(drop);
    if (schema.has("properties")) {
      for (Map.Entry<String, JsonNode> p : schema.get("properties").properties()) {
        strict((ObjectNode) p.getValue());
      }
      if (!schema.has("additionalProperties") && !preserveUnknown) {
        schema.put("additionalProperties", false);
      }
    }
    if (schema.get("items") instanceof ObjectNode items) {
      strict(items);
    }
    if (schema.get("additionalProperties") instanceof ObjectNode values) {
      strict(values);
    }
    return schema;
  }

  private static ArrayNode array(String... values) {
    ArrayNode array = F.arrayNode();
    for (String v : values) {
      array.add(v);
    }
    return array;
  }
}
