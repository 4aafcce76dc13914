package dev.sluice.api.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The top-level keys messages usually have, as shared strings: a message's keys become the keys of
 * a shallow object on the raw path, and a shared string does not have to be decoded or hashed again
 * for every message.
 */
final class RawKeys {
  private static final String[] KNOWN = {
    "type",
    "event",
    "userId",
    "anonymousId",
    "previousId",
    "groupId",
    "messageId",
    "timestamp",
    "originalTimestamp",
    "sentAt",
    "receivedAt",
    "writeKey",
    "properties",
    "traits",
    "context",
    "integrations",
    "name",
    "category",
    "channel",
    "version",
    "_metadata",
    "options"
  };

  private static final int SIZE = 128; // a power of two, several times the known keys
  private static final String[] TABLE = new String[SIZE];
  private static final byte[][] BYTES = new byte[SIZE][];

  static {
    for (String key : KNOWN) {
      int slot = key.hashCode() & (SIZE - 1);
      while (TABLE[slot] != null) {
        slot = (slot + 1) & (SIZE - 1);
      }
      TABLE[slot] = key;
      BYTES[slot] = key.getBytes(StandardCharsets.US_ASCII);
    }
  }

  private RawKeys() {}

  /**
   * The key whose UTF-8 text is {@code b[start, end)}; {@code hash} is {@link RawScanner#string}'s,
   * which equals {@link String#hashCode} for ASCII.
   */
  static String name(byte[] b, int start, int end, int hash) {
    for (int slot = hash & (SIZE - 1); TABLE[slot] != null; slot = (slot + 1) & (SIZE - 1)) {
      byte[] known = BYTES[slot];
      if (known.length == end - start && Arrays.equals(known, 0, known.length, b, start, end)) {
        return TABLE[slot];
      }
    }
    return new String(b, start, end - start, StandardCharsets.UTF_8);
  }
}
