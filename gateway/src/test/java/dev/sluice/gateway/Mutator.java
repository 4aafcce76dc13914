package dev.sluice.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.message.MessageJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random, reproducible damage to valid Segment messages and batches: a seeded generator (jqwik was
 * not adopted, see decision 0044), each request a few mutations at the JSON or the byte level.
 */
final class Mutator {
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
  private static final String[] TYPES = {"track", "identify", "page", "screen", "group", "alias"};
  private static final String[] FIELDS = {
    "type", "userId", "anonymousId", "event", "properties", "traits", "context", "integrations",
    "messageId", "timestamp", "sentAt", "groupId", "previousId", "writeKey", "name", "category"
  };

  private final Random random;

  Mutator(long seed) {
    this.random = new Random(seed);
  }

  /** A valid message of a random type, with {@code messageId}. */
  ObjectNode message(String messageId) {
    String type = TYPES[random.nextInt(TYPES.length)];
    ObjectNode m = NODES.objectNode();
    m.put("type", type);
    m.put("messageId", messageId);
    if (random.nextBoolean()) {
      m.put("userId", "user-" + random.nextInt(1000));
    } else {
      m.put("anonymousId", "anon-" + random.nextInt(1000));
    }
    switch (type) {
      case "track" -> m.put("event", "Event " + random.nextInt(20));
      case "group" -> m.put("groupId", "g-" + random.nextInt(50));
      case "alias" -> {
        m.put("userId", "user-new");
        m.put("previousId", "user-old");
      }
      default -> {}
    }
    ObjectNode props =
        m.putObject(type.equals("identify") || type.equals("group") ? "traits" : "properties");
    props.put("price", NODES.numberNode(new java.math.BigDecimal("19.990")));
    props.put("name", "Ünïcødé ✓ " + random.nextInt());
    props.putArray("tags").add("a").add(1).add(true);
    m.putObject("context").put("locale", "en-GB").putObject("library").put("name", "prop");
    m.put("timestamp", "2026-11-29T03:04:05.678Z");
    return m;
  }

  /** What to send: the body, and whether it is a batch. */
  record Request(byte[] body, boolean batch) {}

  Request next(int index) {
    boolean batch = random.nextInt(3) == 0;
    JsonNode root;
    if (batch) {
      ObjectNode envelope = NODES.objectNode();
      ArrayNode items = envelope.putArray("batch");
      int n = 1 + random.nextInt(5);
      for (int i = 0; i < n; i++) {
        items.add(message("prop-" + index + "-" + i));
      }
      if (random.nextBoolean()) {
        envelope.putObject("context").put("ip", "203.0.113.9");
      }
      root = envelope;
    } else {
      root = message("prop-" + index + "-0");
    }
    int jsonMutations = random.nextInt(4);
    for (int i = 0; i < jsonMutations; i++) {
      mutateTree(root);
    }
    byte[] bytes = MessageJson.write(root);
    if (random.nextInt(4) == 0) {
      bytes = mutateBytes(bytes);
    }
    return new Request(bytes, batch);
  }

  private void mutateTree(JsonNode root) {
    List<ObjectNode> objects = new ArrayList<>();
    collect(root, objects, 0);
    ObjectNode target = objects.get(random.nextInt(objects.size()));
    String field =
        random.nextInt(3) == 0 && target.size() > 0
            ? target.fieldNames().next()
            : FIELDS[random.nextInt(FIELDS.length)];
    switch (random.nextInt(4)) {
      case 0 -> target.remove(field);
      case 1 -> target.set(field, randomValue(0));
      case 2 -> target.set(field, NODES.textNode(""));
      default -> target.set("batch", random.nextBoolean() ? randomValue(0) : NODES.arrayNode());
    }
  }

  private static void collect(JsonNode node, List<ObjectNode> out, int depth) {
    if (node instanceof ObjectNode o) {
      out.add(o);
    }
    if (depth < 4) {
      node.forEach(child -> collect(child, out, depth + 1));
    }
  }

  private JsonNode randomValue(int depth) {
    return switch (random.nextInt(depth > 2 ? 9 : 12)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.numberNode(random.nextInt());
      case 3 -> NODES.numberNode(new java.math.BigDecimal("1E+" + random.nextInt(500)));
      case 4 -> NODES.numberNode(new java.math.BigInteger(80, random));
      case 5 -> NODES.textNode(randomText());
      case 6 -> NODES.textNode("x".repeat(random.nextInt(40_000)));
      case 7 -> NODES.textNode("2026-11-29T03:04:05" + (random.nextBoolean() ? "Z" : "+25:00"));
      case 8 -> NODES.textNode("+10000-01-01T00:00:00Z");
      case 9 -> {
        ObjectNode o = NODES.objectNode();
        o.set("k" + random.nextInt(5), randomValue(depth + 1));
        yield o;
      }
      case 10 -> NODES.arrayNode().add(randomValue(depth + 1)).add(randomValue(depth + 1));
      default -> {
        JsonNode deep = NODES.objectNode();
        for (int i = 0; i < 40 + random.nextInt(40); i++) {
          deep = NODES.arrayNode().add(deep);
        }
        yield deep;
      }
    };
  }

  private String randomText() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < random.nextInt(20); i++) {
      s.appendCodePoint(
          random.nextInt(4) == 0 ? random.nextInt(0x10FFFF) : 32 + random.nextInt(95));
    }
    // Lone surrogates cannot be written as UTF-8; keep the text encodable.
    return new String(s.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  private byte[] mutateBytes(byte[] bytes) {
    if (bytes.length == 0) {
      return bytes;
    }
    int at = random.nextInt(bytes.length);
    return switch (random.nextInt(5)) {
      case 0 -> Arrays.copyOf(bytes, at); // truncated
      case 1 -> {
        byte[] flipped = bytes.clone();
        flipped[at] = (byte) random.nextInt(256);
        yield flipped;
      }
      case 2 -> splice(bytes, at, new byte[] {(byte) 0xc0, (byte) 0xaf}); // overlong '/'
      case 3 -> splice(bytes, at, new byte[] {(byte) (0x80 + random.nextInt(0x80))});
      default -> splice(bytes, at, Arrays.copyOfRange(bytes, 0, Math.min(at, 64)));
    };
  }

  private static byte[] splice(byte[] bytes, int at, byte[] insert) {
    byte[] out = new byte[bytes.length + insert.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(bytes, at, out, at + insert.length, bytes.length - at);
    return out;
  }
}
