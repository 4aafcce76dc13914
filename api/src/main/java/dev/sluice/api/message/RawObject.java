package dev.sluice.api.message;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An object value read by {@link RawScanner}: an object to the rules, empty apart from a stand-in
 * for an existing {@code ip} key when it is a message's {@code context} (enrichment adds {@code ip}
 * only when absent). {@link RawWriter} copies its raw text and appends an {@code ip} the enrichment
 * added, where the tree would have put it: last.
 */
final class RawObject extends ObjectNode {
  final int start;
  final int end;

  /** The key it was read under and where that field's text starts, or null and -1. */
  String key;

  int fieldStart = -1;
  private final boolean hadIp;

  /**
   * @param ip {@link RawScanner#IP_PRESENT} when the object has a non-null {@code ip} key
   */
  RawObject(int start, int end, int ip) {
    super(JsonNodeFactory.instance);
    this.start = start;
    this.end = end;
    this.hadIp = ip == RawScanner.IP_PRESENT;
    if (hadIp) {
      set("ip", new RawSpan(-1, -1)); // never written: the raw text holds it
    }
  }

  /** The {@code ip} the enrichment added, or null. */
  String addedIp() {
    // Most raw objects (properties, traits, ...) are empty stand-ins: no lookup for them.
    return hadIp || isEmpty()
        ? null
        : (get("ip") instanceof com.fasterxml.jackson.databind.node.TextNode t
            ? t.textValue()
            : null);
  }

  /** Whether anything but an added {@code ip} changed (never, on the raw path). */
  boolean onlyIpAdded() {
    return size() == (hadIp || addedIp() != null ? 1 : 0);
  }

  /** Notes that it was read as the value of {@code "key":} starting at {@code fieldStart}. */
  RawObject under(String key, int fieldStart) {
    this.key = key;
    this.fieldStart = fieldStart;
    return this;
  }
}
