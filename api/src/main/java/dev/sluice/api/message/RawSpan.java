package dev.sluice.api.message;

import com.fasterxml.jackson.databind.node.POJONode;

/**
 * A value neither the rules nor the enrichment read: only where its raw text lies, which {@link
 * RawWriter} copies as it is.
 */
final class RawSpan extends POJONode {
  final int start;
  final int end;

  RawSpan(int start, int end) {
    super(null);
    this.start = start;
    this.end = end;
  }
}
