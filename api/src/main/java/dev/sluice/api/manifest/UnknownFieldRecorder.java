package dev.sluice.api.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * Records each unknown field with its path and skips it, so one typo ({@code webhok:}) becomes one
 * precise error and the rest of the document is still read and checked.
 */
final class UnknownFieldRecorder extends DeserializationProblemHandler {

  record UnknownField(String path, String message) {}

  private final List<UnknownField> fields = new ArrayList<>();
  private final JsonNode document;

  /** {@code document}: the resource being read, where unknown fields are looked up by name. */
  UnknownFieldRecorder(JsonNode document) {
    this.document = document;
  }

  List<UnknownField> fields() {
    return List.copyOf(fields);
  }

  @Override
  public boolean handleUnknownProperty(
      DeserializationContext ctxt,
      JsonParser p,
      JsonDeserializer<?> deserializer,
      Object beanOrClass,
      String propertyName)
      throws IOException {
    // Records are read through a token buffer whose contexts do not mirror the document, so the
    // parser's path can be off; a field name found exactly once in the document is unambiguous.
    List<String> found = new ArrayList<>();
    find(document, "", propertyName, found);
    String path = found.size() == 1 ? found.get(0) : pathOf(p);
    String message = "unknown field \"" + propertyName + "\"";
    String suggestion = closest(propertyName, deserializer.getKnownPropertyNames());
    if (suggestion != null) {
      message += " (did you mean \"" + suggestion + "\"?)";
    }
    fields.add(new UnknownField(path, message));
    p.skipChildren();
    return true;
  }

  /** The dotted path of the field the parser is at, e.g. {@code spec.webhook.headers[0].nme}. */
  private static String pathOf(JsonParser p) {
    JsonStreamContext context = p.getParsingContext();
    JsonToken token = p.currentToken();
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      // At a structured value the parser has already entered it.
      context = context.getParent();
    }
    Deque<String> segments = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        segments.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
      } else if (c.getCurrentName() != null) {
        segments.push("." + c.getCurrentName());
      }
    }
    String path = String.join("", segments);
    return path.startsWith(".") ? path.substring(1) : path;
  }

  private static void find(JsonNode node, String at, String name, List<String> out) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> {
                String path = at.isEmpty() ? e.getKey() : at + "." + e.getKey();
                if (e.getKey().equals(name)) {
                  out.add(path);
                }
                find(e.getValue(), path, name, out);
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        find(node.get(i), at + "[" + i + "]", name, out);
      }
    }
  }

  /** A known name within two edits of the unknown one, the usual size of a typo. */
  private static String closest(String unknown, Collection<Object> known) {
    if (known == null) {
      return null;
    }
    String best = null;
    int bestDistance = 3;
    for (Object candidate : known) {
      int distance = distance(unknown.toLowerCase(), candidate.toString().toLowerCase());
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate.toString();
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
