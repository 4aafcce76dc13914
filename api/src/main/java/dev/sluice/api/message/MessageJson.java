package dev.sluice.api.message;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one Jackson configuration for messages, shared by the gateway, workers and CLI so that a
 * message read anywhere is written back byte-for-byte equivalent: floats are kept as exact {@link
 * java.math.BigDecimal}s (trailing zeros included), big integers as {@link java.math.BigInteger}s,
 * and nesting is capped at {@link #MAX_DEPTH} (a guard against stack-exhausting documents).
 */
public final class MessageJson {
  /** Deepest nesting of objects and arrays a request may have (the top-level object is 1). */
  public static final int MAX_DEPTH = 64;

  private static final ObjectMapper MAPPER = newMapper();
  private static final ObjectReader READER = MAPPER.reader();
  private static final ObjectWriter WRITER = MAPPER.writer();

  private MessageJson() {}

  private static ObjectMapper newMapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            // Location in errors, but never a snippet of the body: it could hold a write key.
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            // Emoji as 4 UTF-8 bytes, as clients send them, not as a pair of \\u escapes.
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();
    return JsonMapper.builder(factory)
        .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .build();
  }

  /** The shared mapper (thread-safe; do not reconfigure it). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Reads a tree with the message configuration; malformed input throws. */
  public static JsonNode readTree(byte[] json) throws IOException {
    return READER.readTree(json);
  }

  /** Serialises a tree compactly as UTF-8. */
  public static byte[] write(JsonNode node) {
    try {
      return WRITER.writeValueAsBytes(node);
    } catch (IOException e) {
      // Not expected for parsed trees (lone surrogates are written escaped); kept as a guard.
      throw new UncheckedIOException(e);
    }
  }
}
