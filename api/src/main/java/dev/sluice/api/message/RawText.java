package dev.sluice.api.message;

import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;

/**
 * A string read by {@link RawScanner} (so without escapes): its value for the rules and the
 * enrichment, and where its quoted raw text lies, which {@link RawWriter} copies as it is.
 */
final class RawText extends TextNode {
  final int start;
  final int end;

  private RawText(String value, int start, int end) {
    super(value);
    this.start = start;
    this.end = end;
  }

  /** The string whose quoted text is {@code body[start, end)}. */
  static RawText of(byte[] body, int start, int end) {
    return new RawText(
        new String(body, start + 1, end - start - 2, StandardCharsets.UTF_8), start, end);
  }
}
