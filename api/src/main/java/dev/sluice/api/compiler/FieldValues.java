package dev.sluice.api.compiler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.api.catalog.CatalogField;

/** A setting's value against its catalog schema: type, list, and allowed choices. */
final class FieldValues {
  private FieldValues() {}

  /** Null when the value fits, else what is wrong (without the value: it may be a secret). */
  static String check(CatalogField schema, JsonNode value) {
    if (schema.multiple()) {
      if (!value.isArray()) {
        return "must be a list of " + schema.type() + " values";
      }
      for (JsonNode item : value) {
        String problem = one(schema, item);
        if (problem != null) {
          return "each item " + problem;
        }
      }
      return null;
    }
    return one(schema, value);
  }

  private static String one(CatalogField schema, JsonNode value) {
    String type = schema.type();
    boolean fits =
        switch (type) {
          case "number" -> value.isNumber();
          case "integer" -> value.isIntegralNumber();
          case "boolean" -> value.isBoolean();
          case "object" -> value.isObject();
          default -> value.isTextual(); // string, text, password, datetime, hidden
        };
    if (!fits) {
      return "must be " + article(type);
    }
    if (schema.choices() != null
        && !schema.choices().isEmpty()
        && !schema.choices().contains(value)) {
      StringBuilder allowed = new StringBuilder();
      for (JsonNode c : schema.choices()) {
        allowed.append(allowed.length() == 0 ? "" : ", ").append(c.isTextual() ? c.asText() : c);
      }
      return "must be one of " + allowed;
    }
    return null;
  }

  /** A Secret's text typed as the schema wants it, so that it is checked like a plain value. */
  static JsonNode fromText(CatalogField schema, String text) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    String t = text.strip();
    try {
      return switch (schema.type()) {
        case "number" -> f.numberNode(new java.math.BigDecimal(t));
        case "integer" -> f.numberNode(Long.parseLong(t));
        case "boolean" ->
            t.equals("true") || t.equals("false")
                ? f.booleanNode(t.equals("true"))
                : f.textNode(text);
        default -> f.textNode(text);
      };
    } catch (NumberFormatException e) {
      return f.textNode(text);
    }
  }

  private static String article(String type) {
    return switch (type) {
      case "integer", "object" -> "an " + type;
      case "boolean" -> "true or false";
      case "number" -> "a number";
      default -> "a string";
    };
  }
}
