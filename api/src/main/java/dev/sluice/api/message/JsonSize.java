package dev.sluice.api.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The length in bytes of a tree's compact UTF-8 serialisation by {@link MessageJson}, computed by
 * walking the tree without writing it: the size limit is checked on every message, and writing each
 * one twice (once to measure, once to log) would double the cost of the hot path.
 */
final class JsonSize {
  private JsonSize() {}

  /**
   * A parsed value's compact rewrite is at most this many times its raw text: whitespace and
   * duplicate keys go, escapes never grow ({@code \\u00e9} → 2 bytes, a lone surrogate's 3 raw
   * bytes → a 6-byte escape at worst), integers never grow ({@code -0} → {@code 0}), and an exact
   * decimal at worst doubles ({@code 1e-6} → {@code 0.000001}; {@code 10e9} → {@code 1.0E+10}).
   */
  static final int RAW_BOUND_FACTOR = 2;

  /** Whether a value whose raw text was {@code rawBytes} long may be longer than {@code limit}. */
  static boolean mayExceed(long rawBytes, long limit) {
    return rawBytes < 0 || RAW_BOUND_FACTOR * rawBytes > limit;
  }

  /**
   * Whether the tree's serialisation is longer than {@code limit} bytes. Checks a cheap upper bound
   * first (a char is at most 6 bytes written), so typical messages, far under the limit, are never
   * scanned character by character.
   */
  static boolean exceeds(JsonNode node, long limit) {
    return bound(node) > limit && of(node) > limit;
  }

  /** An upper bound of {@link #of}: strings count 6 bytes a char (a {@code \\u0000} escape). */
  private static long bound(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        long size = 2L + node.size(); // braces and commas, and one to spare
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          size += 6L * e.getKey().length() + 3 + bound(e.getValue());
        }
        return size;
      }
      case ARRAY -> {
        int n = node.size();
        long size = 2L + n;
        for (int i = 0; i < n; i++) {
          size += bound(node.get(i));
        }
        return size;
      }
      case STRING -> {
        return 6L * node.textValue().length() + 2;
      }
      default -> {
        return of(node);
      }
    }
  }

  static long of(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        long size = 2; // {}
        int fields = 0;
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          size += string(e.getKey()) + 1 + of(e.getValue()); // "key":value
          fields++;
        }
        return size + Math.max(0, fields - 1); // commas
      }
      case ARRAY -> {
        long size = 2;
        int n = node.size();
        for (int i = 0; i < n; i++) {
          size += of(node.get(i));
        }
        return size + Math.max(0, n - 1);
      }
      case STRING -> {
        return string(node.textValue());
      }
      case NUMBER -> {
        return switch (node.numberType()) {
          case INT -> intLength(node.intValue());
          case LONG -> Long.toString(node.longValue()).length();
          // Jackson writes BigDecimal with toString(), BigInteger likewise.
          default -> node.numberValue().toString().length();
        };
      }
      case BOOLEAN -> {
        return node.booleanValue() ? 4 : 5;
      }
      case NULL -> {
        return 4;
      }
      default -> {
        return node.toString().length(); // binary or POJO nodes never come from parsing
      }
    }
  }

  private static int intLength(int v) {
    if (v == Integer.MIN_VALUE) {
      return 11;
    }
    int len = v < 0 ? 2 : 1;
    v = Math.abs(v);
    while (v >= 10) {
      v /= 10;
      len++;
    }
    return len;
  }

  /**
   * Quoted, escaped UTF-8 length as Jackson writes it (control characters, " and \ escaped; lone
   * surrogates escaped).
   */
  static long string(String s) {
    long size = 2;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c == '"' || c == '\\') {
          size += 2;
        } else if (c < 0x20) {
          size += (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') ? 2 : 6;
        } else {
          size += 1;
        }
      } else if (c < 0x800) {
        size += 2;
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          size += 4; // a pair: one 4-byte UTF-8 sequence
          i++;
        } else {
          size += 6; // a lone surrogate is written escaped, as \\uD800
        }
      } else {
        size += 3;
      }
    }
    return size;
  }
}
