package dev.sluice.api.message;

import com.fasterxml.jackson.databind.node.POJONode;

/**
 * A value neither the rules nor the enrichment read: only where its raw text lies, which {@link
 * RawWriter} copies as it is.
 */
final class RawSpan extends POJONode {
  final int start;
  final int end;

  /** The key it was read under and where that field's text starts, or null and -1. */
  String key;

  int fieldStart = -1;

  RawSpan(int start, int end) {
    super(null);
    this.start = start;
    this.end = end;
  }

  /** Notes that it was read as the value of {@code "key":} starting at {@code fieldStart}. */
  RawSpan under(String key, int fieldStart) {
    this.key = key;
    this.fieldStart = fieldStart;
    return this;
  }
}
