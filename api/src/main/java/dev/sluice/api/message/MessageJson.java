package dev.sluice.api.message;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

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
  private static final JsonFactory FACTORY = MAPPER.getFactory();

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

  /** Reads values inside a document (the document's end is checked by the caller). */
  private static final ObjectReader VALUE_READER =
      READER.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * Reads an object body as {@link #readTree} would, measuring the raw bytes of each item of its
   * {@code "batch"} array; null when the body is not an object or has trailing content (the caller
   * falls back to {@link #readTree} for its error).
   */
  static MessageParser.Spanned readSpanned(byte[] json) throws IOException {
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      ObjectNode body = MAPPER.getNodeFactory().objectNode();
      int[] spans = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals("batch") && t == JsonToken.START_ARRAY) {
          ArrayNode items = MAPPER.getNodeFactory().arrayNode();
          int[] lengths = new int[16];
          int n = 0;
          while (p.nextToken() != JsonToken.END_ARRAY) {
            long start = p.currentTokenLocation().getByteOffset();
            JsonNode item = VALUE_READER.readTree(p);
            long end = p.currentLocation().getByteOffset();
            if (item == null || start < 0 || end < start) {
              return null;
            }
            if (n == lengths.length) {
              lengths = Arrays.copyOf(lengths, n * 2);
            }
            lengths[n++] = (int) (end - start);
            items.add(item);
          }
          body.replace(name, items); // a repeated key keeps its first place, as in readTree
          spans = Arrays.copyOf(lengths, n);
        } else {
          JsonNode value = VALUE_READER.readTree(p);
          if (value == null) {
            return null;
          }
          if (name.equals("batch")) {
            spans = null; // a later "batch" that is not an array replaces the earlier one
          }
          body.replace(name, value);
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
      return new MessageParser.Spanned(body, spans);
    }
  }

  /** Serialises a tree compactly as UTF-8. */
  public static byte[] write(JsonNode node) {
    // The tree serialises itself into a generator kept per thread: the same bytes as the mapper's
    // writer (a test holds them equal) without creating a writer context, a generator and its
    // recycled buffers for every message, which was ~10% of writing one.
    Writer writer = WRITERS.get();
    try {
      return writer.write(node);
    } catch (IOException | RuntimeException e) {
      WRITERS.remove(); // its generator may be mid-value; the next call starts a fresh one
      if (e instanceof IOException io) {
        // Not expected for parsed trees (lone surrogates are written escaped); kept as a guard.
        throw new UncheckedIOException(io);
      }
      throw (RuntimeException) e;
    }
  }

  private static final ThreadLocal<Writer> WRITERS = ThreadLocal.withInitial(Writer::new);

  /** A thread's generator, writing root values back to back (no separator) into one buffer. */
  private static final class Writer {
    /** A buffer grown past this by a large message is not kept for the next one. */
    private static final int KEEP_AT_MOST = 64 * 1024;

    private final Sink sink = new Sink();
    private final JsonGenerator generator;

    Writer() {
      try {
        generator = FACTORY.createGenerator(sink);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      generator.setRootValueSeparator(null);
    }

    byte[] write(JsonNode node) throws IOException {
      sink.count = 0;
      node.serialize(generator, MAPPER.getSerializerProviderInstance());
      generator.flush();
      byte[] out = Arrays.copyOf(sink.buf, sink.count);
      if (sink.buf.length > KEEP_AT_MOST) {
        sink.buf = new byte[1024];
      }
      return out;
    }
  }

  /** An unsynchronised growable byte sink. */
  private static final class Sink extends OutputStream {
    byte[] buf = new byte[1024];
    int count;

    @Override
    public void write(int b) {
      ensure(1);
      buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }

    private void ensure(int more) {
      if (count + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
      }
    }
  }

  /** The general path, through the mapper's writer. */
  static byte[] writeWithMapper(JsonNode node) {
    try {
      return WRITER.writeValueAsBytes(node);
    } catch (IOException e) {
      // Not expected for parsed trees (lone surrogates are written escaped); kept as a guard.
      throw new UncheckedIOException(e);
    }
  }
}
