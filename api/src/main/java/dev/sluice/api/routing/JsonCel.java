package dev.sluice.api.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.common.values.NullValue;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * JSON to CEL values and back. Objects and arrays become lazy read-only views over the Jackson
 * nodes, so a condition that reads two fields converts two fields, not the whole message. JSON
 * integers become {@code Long} and other numbers {@code Double}.
 */
final class JsonCel {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonCel() {}

  static Object toCel(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> new ObjectView((ObjectNode) node);
      case ARRAY -> new ArrayView((ArrayNode) node);
      case STRING -> node.textValue();
      case BOOLEAN -> node.booleanValue();
      case NUMBER ->
          node.isIntegralNumber() && node.canConvertToLong()
              ? (Object) node.longValue()
              : (Object) node.doubleValue();
      case BINARY -> Base64.getEncoder().encodeToString(binary(node));
      case NULL, MISSING, POJO -> NullValue.NULL_VALUE;
    };
  }

  private static byte[] binary(JsonNode node) {
    try {
      return node.binaryValue();
    } catch (java.io.IOException e) {
      return new byte[0];
    }
  }

  /** Turns a CEL result into JSON; throws IllegalArgumentException for values JSON can't hold. */
  static JsonNode toJson(Object value) {
    if (value == null || value instanceof NullValue) {
      return NODES.nullNode();
    } else if (value instanceof ObjectView view) {
      return view.node.deepCopy();
    } else if (value instanceof ArrayView view) {
      return view.node.deepCopy();
    } else if (value instanceof String s) {
      return NODES.textNode(s);
    } else if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    } else if (value instanceof Long l) {
      // the node a JSON parser makes for this number, so results compare equal to parsed JSON
      return l == l.intValue() ? NODES.numberNode(l.intValue()) : NODES.numberNode(l);
    } else if (value instanceof Integer i) {
      return NODES.numberNode(i);
    } else if (value instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        throw new IllegalArgumentException("the result " + d + " is not a JSON number");
      }
      return NODES.numberNode(d);
    } else if (value instanceof Float f) {
      return toJson(f.doubleValue());
    } else if (value instanceof com.google.common.primitives.UnsignedLong u) {
      return NODES.numberNode(u.bigIntegerValue());
    } else if (value instanceof com.google.protobuf.ByteString bytes) {
      return NODES.textNode(Base64.getEncoder().encodeToString(bytes.toByteArray()));
    } else if (value instanceof com.google.protobuf.Timestamp t) {
      return NODES.textNode(
          java.time.Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString());
    } else if (value instanceof java.time.Instant instant) {
      return NODES.textNode(instant.toString());
    } else if (value instanceof com.google.protobuf.Duration d) {
      return NODES.textNode(
          durationText(java.time.Duration.ofSeconds(d.getSeconds(), d.getNanos())));
    } else if (value instanceof java.time.Duration d) {
      return NODES.textNode(durationText(d));
    } else if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      map.forEach((k, v) -> object.set(String.valueOf(k), toJson(v)));
      return object;
    } else if (value instanceof Iterable<?> list) {
      ArrayNode array = NODES.arrayNode();
      list.forEach(v -> array.add(toJson(v)));
      return array;
    }
    throw new IllegalArgumentException(
        "the result has type " + value.getClass().getSimpleName() + ", which JSON cannot hold");
  }

  /** CEL's duration literal form: seconds with a fraction, e.g. {@code 1.5s}. */
  private static String durationText(java.time.Duration d) {
    return new java.math.BigDecimal(d.getSeconds())
            .add(java.math.BigDecimal.valueOf(d.getNano(), 9))
            .stripTrailingZeros()
            .toPlainString()
        + "s";
  }

  /** Read-only map view of a JSON object; values are converted when read. */
  static final class ObjectView extends AbstractMap<String, Object> {
    final ObjectNode node;

    ObjectView(ObjectNode node) {
      this.node = node;
    }

    @Override
    public Object get(Object key) {
      if (!(key instanceof String name)) {
        return null;
      }
      JsonNode child = node.get(name);
      return child == null ? null : toCel(child);
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String name && node.has(name);
    }

    @Override
    public int size() {
      return node.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Entry<String, Object>> iterator() {
          Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return fields.hasNext();
            }

            @Override
            public Entry<String, Object> next() {
              Map.Entry<String, JsonNode> field = fields.next();
              return new SimpleImmutableEntry<>(field.getKey(), toCel(field.getValue()));
            }
          };
        }

        @Override
        public int size() {
          return node.size();
        }
      };
    }
  }

  /** Read-only list view of a JSON array. */
  static final class ArrayView extends AbstractList<Object> {
    final ArrayNode node;

    ArrayView(ArrayNode node) {
      this.node = node;
    }

    @Override
    public Object get(int index) {
      if (index < 0 || index >= node.size()) {
        throw new IndexOutOfBoundsException("index " + index + " out of range 0.." + node.size());
      }
      return toCel(node.get(index));
    }

    @Override
    public int size() {
      return node.size();
    }
  }
}
