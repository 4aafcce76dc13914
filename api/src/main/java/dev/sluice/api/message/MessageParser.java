package dev.sluice.api.message;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.regex.Pattern;

/** Parses a request body into one JSON object, with a precise error when it is not one. */
public final class MessageParser {

  /**
   * Parses {@code body} (UTF-8 JSON, already un-gzipped).
   *
   * @throws IngestException 400 {@code invalid_json} (with line and column), {@code not_an_object},
   *     or {@code json_too_deep}
   */
  public ObjectNode parse(byte[] body) throws IngestException {
    requireUtf8(body);
    JsonNode node;
    try {
      node = MessageJson.readTree(body);
    } catch (StreamConstraintsException e) {
      throw constraint(e);
    } catch (JsonProcessingException e) {
      throw new IngestException(
          ErrorCode.INVALID_JSON,
          "The request body is not valid JSON"
              + where(e.getLocation())
              + ": "
              + plain(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new IngestException(ErrorCode.INVALID_JSON, "The request body could not be read: " + e);
    } catch (NumberFormatException e) {
      // Jackson's own number parsing (an exponent beyond an int, say) fails unchecked.
      throw new IngestException(
          ErrorCode.INVALID_JSON,
          "The request body has a number that cannot be represented (its exponent is too large).");
    }
    if (node == null || node.isMissingNode()) {
      throw new IngestException(
          ErrorCode.INVALID_JSON, "The request body is empty; send a JSON object.");
    }
    if (!(node instanceof ObjectNode object)) {
      throw new IngestException(
          ErrorCode.NOT_AN_OBJECT,
          "The request body must be a JSON object, not " + describe(node) + ".");
    }
    return object;
  }

  /**
   * A parsed body and, when it has a {@code "batch"} array, the raw length in bytes of each of its
   * items ({@code null} otherwise). A message's compact rewrite is at most twice its raw text (see
   * {@code JsonSize.RAW_BOUND_FACTOR}), so a short raw item needs no size walk.
   */
  public record Spanned(ObjectNode body, int[] batchItemBytes) {}

  /**
   * {@link #parse}, also measuring the raw length of each item of a {@code "batch"} array. The same
   * tree and the same errors as {@link #parse}: anything the streaming pass does not expect is left
   * to {@link #parse}.
   *
   * @throws IngestException as {@link #parse}
   */
  public Spanned parseSpanned(byte[] body) throws IngestException {
    requireUtf8(body);
    Spanned spanned;
    try {
      spanned = MessageJson.readSpanned(body);
    } catch (IOException | RuntimeException e) {
      spanned = null; // parse() reports it precisely
    }
    return spanned != null ? spanned : new Spanned(parse(body), null);
  }

  /** Every invalid UTF-8 sequence fails alike, overlong forms included (Jackson decodes those). */
  private static void requireUtf8(byte[] body) throws IngestException {
    // JSON text starts with an ASCII character; a NUL among the first bytes is how Jackson detects
    // (and would decode) UTF-16 and UTF-32, which are valid UTF-8 byte for byte.
    for (int i = 0; i < Math.min(4, body.length); i++) {
      if (body[i] == 0) {
        throw new IngestException(
            ErrorCode.INVALID_JSON,
            "The request body is not UTF-8 (it looks like UTF-16 or UTF-32); send UTF-8 JSON.");
      }
    }
    int at = Utf8.firstInvalid(body);
    if (at >= 0) {
      throw new IngestException(
          ErrorCode.INVALID_JSON,
          "The request body is not valid UTF-8 (an invalid or overlong sequence at byte "
              + at
              + ").");
    }
  }

  private static IngestException constraint(StreamConstraintsException e) {
    String msg = String.valueOf(e.getOriginalMessage());
    if (msg.contains("nesting depth")) {
      return new IngestException(
          ErrorCode.JSON_TOO_DEEP,
          "The request body nests objects and arrays deeper than "
              + MessageJson.MAX_DEPTH
              + " levels"
              + where(e.getLocation())
              + ".");
    }
    return new IngestException(
        ErrorCode.INVALID_JSON,
        "The request body exceeds a JSON limit" + where(e.getLocation()) + ": " + msg);
  }

  // Jackson names where an unclosed object began as "[Source: REDACTED (...); line: 1, column: 1]".
  private static final Pattern START_MARKER =
      Pattern.compile("\\(start marker at \\[Source: .*?; line: (\\d+), column: (\\d+)\\]\\)");

  /** Jackson's message in words a client understands, without its internal source notes. */
  static String plain(String jacksonMessage) {
    return START_MARKER
        .matcher(String.valueOf(jacksonMessage))
        .replaceAll("(opened at line $1, column $2)");
  }

  private static String where(JsonLocation loc) {
    if (loc == null || loc.getLineNr() < 0) {
      return "";
    }
    return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
