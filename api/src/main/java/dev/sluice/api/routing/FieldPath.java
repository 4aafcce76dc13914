package dev.sluice.api.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A dotted path to a field of a message: {@code properties.card_number}. Dots separate object keys;
 * a key that contains a dot or a backslash escapes it with a backslash ({@code properties.a\.b} is
 * the key {@code a.b} under {@code properties}). Paths address object keys only, never array
 * elements.
 */
final class FieldPath {
  private final String text;
  private final String[] keys;

  private FieldPath(String text, String[] keys) {
    this.text = text;
    this.keys = keys;
  }

  /** Parses a path; throws IllegalArgumentException with a message a person can act on. */
  static FieldPath parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("the path is empty");
    }
    List<String> keys = new ArrayList<>();
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        if (i + 1 == text.length()) {
          throw new IllegalArgumentException(
              "path '" + text + "' ends with a lone backslash; write \\\\ for a backslash");
        }
        char next = text.charAt(++i);
        if (next != '.' && next != '\\') {
          throw new IllegalArgumentException(
              "path '" + text + "' escapes '" + next + "'; only \\. and \\\\ are escapes");
        }
        key.append(next);
      } else if (c == '.') {
        addKey(text, keys, key);
      } else {
        key.append(c);
      }
    }
    addKey(text, keys, key);
    return new FieldPath(text, keys.toArray(String[]::new));
  }

  private static void addKey(String text, List<String> keys, StringBuilder key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException(
          "path '" + text + "' has an empty key (a leading, trailing or doubled dot)");
    }
    keys.add(key.toString());
    key.setLength(0);
  }

  /** The top-level key. */
  String first() {
    return keys[0];
  }

  int depth() {
    return keys.length;
  }

  /** The value at this path, or null when any part is missing or not an object. */
  JsonNode get(ObjectNode root) {
    JsonNode node = root;
    for (String key : keys) {
      if (!(node instanceof ObjectNode object)) {
        return null;
      }
      node = object.get(key);
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  /** Removes the field; returns what was there, or null when the path is missing (a no-op). */
  JsonNode remove(ObjectNode root) {
    ObjectNode parent = parent(root, false);
    return parent == null ? null : parent.remove(keys[keys.length - 1]);
  }

  /**
   * Sets the field, creating missing intermediate objects.
   *
   * @throws PathConflictException when an intermediate key holds something other than an object
   */
  void set(ObjectNode root, JsonNode value) throws PathConflictException {
    parent(root, true).set(keys[keys.length - 1], value);
  }

  private ObjectNode parent(ObjectNode root, boolean create) {
    ObjectNode node = root;
    for (int i = 0; i < keys.length - 1; i++) {
      JsonNode child = node.get(keys[i]);
      if (child == null && create) {
        node = node.putObject(keys[i]);
      } else if (child instanceof ObjectNode object) {
        node = object;
      } else if (create) {
        throw new PathConflictException(
            "cannot write "
                + text
                + ": "
                + prefix(i + 1)
                + " is "
                + article(child)
                + ", not an object");
      } else {
        return null;
      }
    }
    return node;
  }

  private String prefix(int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      if (i > 0) {
        out.append('.');
      }
      out.append(keys[i].replace("\\", "\\\\").replace(".", "\\."));
    }
    return out.toString();
  }

  private static String article(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  @Override
  public String toString() {
    return text;
  }

  /** A write through a key that holds a scalar or an array. */
  static final class PathConflictException extends RuntimeException {
    PathConflictException(String message) {
      super(message, null, false, false);
    }
  }
}
