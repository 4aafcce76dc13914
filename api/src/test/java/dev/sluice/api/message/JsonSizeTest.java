package dev.sluice.api.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The size walk must agree with what the writer produces, byte for byte. */
class JsonSizeTest {
  private static final JsonNodeFactory F = JsonNodeFactory.withExactBigDecimals(true);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "[]",
        "{\"a\":[1,-2,3.50,-4E+7,null,true,false,\"\"]}",
        "{\"n\":[2147483647,-2147483648,9223372036854775807,-9223372036854775808,0,-0,10,-10]}",
        "{\"big\":123456789012345678901234567890123,\"d\":0.1000000000000000000000001}",
        "{\"s\":\"é✓😀\\u0000\\u001f\\b\\f\\n\\r\\t\\\"\\\\/\\u007f\"}",
        "{\"nested\":{\"a\":{\"b\":[[],[{}],{\"c\":[1]}]}}}",
        "{\"lone\":\"\\ud800x\\udc00\\ud83d\"}",
      })
  void agreesWithTheWriter(String json) throws Exception {
    JsonNode node = MessageJson.readTree(json.getBytes(StandardCharsets.UTF_8));
    assertThat(JsonSize.of(node)).isEqualTo(MessageJson.write(node).length);
  }

  @Test
  void agreesWithTheWriterOnRandomTrees() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 2000; i++) {
      JsonNode node = randomNode(random, 0);
      int written = MessageJson.write(node).length;
      assertThat(JsonSize.of(node)).as(node.toString()).isEqualTo(written);
      for (int limit : new int[] {written - 1, written, written + 1, random.nextInt(written + 1)}) {
        assertThat(JsonSize.exceeds(node, limit))
            .as("%s, limit %d", node, limit)
            .isEqualTo(written > limit);
      }
    }
  }

  private static JsonNode randomNode(SplittableRandom r, int depth) {
    int kind = r.nextInt(depth > 4 ? 8 : 10);
    return switch (kind) {
      case 0 -> F.numberNode(r.nextInt());
      case 1 -> F.numberNode(r.nextLong());
      case 2 -> F.numberNode(new BigDecimal(BigInteger.valueOf(r.nextLong()), r.nextInt(-20, 20)));
      case 3 -> F.numberNode(BigInteger.valueOf(r.nextLong()).multiply(BigInteger.TEN.pow(20)));
      case 4 -> F.booleanNode(r.nextBoolean());
      case 5 -> F.nullNode();
      case 6, 7 -> F.textNode(randomString(r));
      case 8 -> {
        ArrayNode a = F.arrayNode();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
          a.add(randomNode(r, depth + 1));
        }
        yield a;
      }
      default -> {
        ObjectNode o = F.objectNode();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
          o.set(randomString(r), randomNode(r, depth + 1));
        }
        yield o;
      }
    };
  }

  private static String randomString(SplittableRandom r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) {
      int bucket = r.nextInt(6);
      int cp =
          switch (bucket) {
            case 0 -> r.nextInt(0x20); // control characters
            case 1 -> r.nextInt(0x20, 0x80);
            case 2 -> r.nextInt(0x80, 0x800);
            case 3 -> r.nextInt(0x800, 0xD800);
            case 4 -> r.nextInt(0x10000, 0x110000); // surrogate pairs
            default -> r.nextInt(0xD800, 0xE000); // lone surrogates
          };
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }
}
