package dev.sluice.api.message;

import java.util.Arrays;

/**
 * Reads a request body without building a tree, for {@link RawIngest}: it checks that the JSON is
 * valid and already in the exact form {@link MessageJson} would write it, and notes where each
 * message and each of its top-level fields lies. It accepts a strict subset of JSON: inside a
 * message no whitespace, no backslash escapes, no exponents or {@code -0}, no decimals that {@link
 * java.math.BigDecimal} would write in scientific notation, no duplicate keys and no deep nesting.
 * Anything else throws {@link Fallback}, and the caller takes the tree path, which decides exactly
 * as before (errors included): this class never has to be right about input it declines.
 */
final class RawScanner {
  static final int STRING = 0;
  static final int NUMBER = 1;
  static final int OBJECT = 2;
  static final int ARRAY = 3;
  static final int TRUE = 4;
  static final int FALSE = 5;
  static final int NULL = 6;

  /** Context has no {@code ip} key; or has one whose value is not null; or null (declined). */
  static final int IP_ABSENT = 0;

  static final int IP_PRESENT = 1;

  /** Deeper than this is left to the tree path (its limit is {@link MessageJson#MAX_DEPTH}). */
  private static final int MAX_DEPTH = 32;

  /** Longer numbers are left to the tree path (Jackson limits a number to 1000 characters). */
  private static final int MAX_NUMBER = 100;

  /** The input is not in the subset this class reads; take the tree path. */
  static final class Fallback extends RuntimeException {
    static final Fallback INSTANCE = new Fallback();

    private Fallback() {
      super("not in the raw subset", null, false, false);
    }
  }

  final byte[] b;
  int pos;

  /**
   * Top-level fields of the messages read, 5 ints each: key start, key end, value start, end, kind.
   */
  int[] fields = new int[5 * 64];

  int fieldCount;

  /** The {@code ip} state of the last message's {@code context} object. */
  int contextIp;

  private int[] keys = new int[3 * 64]; // per open object: start, length, hash of each key
  private int keyTop;

  RawScanner(byte[] body) {
    this.b = body;
  }

  static Fallback fallback() {
    return Fallback.INSTANCE;
  }

  void whitespace() {
    while (pos < b.length) {
      byte c = b[pos];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  void expect(byte c) {
    if (pos >= b.length || b[pos] != c) {
      throw fallback();
    }
    pos++;
  }

  boolean at(byte c) {
    return pos < b.length && b[pos] == c;
  }

  /**
   * Reads one message object at {@code pos}, recording its top-level fields from {@link
   * #fieldCount} on; returns the index of its first field.
   */
  int message(int depth) {
    int first = fieldCount;
    contextIp = IP_ABSENT;
    object(depth, true, false);
    return first;
  }

  /** Reads one compact value; returns its kind. */
  int value(int depth) {
    if (pos >= b.length) {
      throw fallback();
    }
    switch (b[pos]) {
      case '"' -> {
        string();
        return STRING;
      }
      case '{' -> {
        object(depth + 1, false, false);
        return OBJECT;
      }
      case '[' -> {
        array(depth + 1);
        return ARRAY;
      }
      case 't' -> {
        literal("true");
        return TRUE;
      }
      case 'f' -> {
        literal("false");
        return FALSE;
      }
      case 'n' -> {
        literal("null");
        return NULL;
      }
      default -> {
        number();
        return NUMBER;
      }
    }
  }

  private void object(int depth, boolean record, boolean findIp) {
    if (depth > MAX_DEPTH) {
      throw fallback();
    }
    expect((byte) '{');
    int base = keyTop;
    if (!at((byte) '}')) {
      while (true) {
        int keyStart = pos;
        int hash = string();
        int keyEnd = pos;
        noteKey(base, keyStart + 1, keyEnd - keyStart - 2, hash);
        expect((byte) ':');
        int valueStart = pos;
        boolean context = record && isKey(keyStart, keyEnd, CONTEXT);
        int kind = context && at((byte) '{') ? contextObject(depth + 1) : value(depth);
        if (findIp && isKey(keyStart, keyEnd, IP)) {
          if (kind == NULL) {
            throw fallback(); // an explicit null is replaced in place: left to the tree path
          }
          contextIp = IP_PRESENT;
        }
        if (record) {
          if (5 * fieldCount + 5 > fields.length) {
            fields = Arrays.copyOf(fields, fields.length * 2);
          }
          int f = 5 * fieldCount++;
          fields[f] = keyStart + 1;
          fields[f + 1] = keyEnd - 1;
          fields[f + 2] = valueStart;
          fields[f + 3] = pos;
          fields[f + 4] = kind;
        }
        if (at((byte) ',')) {
          pos++;
          continue;
        }
        break;
      }
    }
    expect((byte) '}');
    keyTop = base;
  }

  private int contextObject(int depth) {
    object(depth, false, true);
    return OBJECT;
  }

  private static final byte[] CONTEXT = {'c', 'o', 'n', 't', 'e', 'x', 't'};
  private static final byte[] IP = {'i', 'p'};

  /** Whether the quoted key at [start, end) is {@code name}. */
  private boolean isKey(int start, int end, byte[] name) {
    return end - start - 2 == name.length
        && Arrays.equals(b, start + 1, end - 1, name, 0, name.length);
  }

  /** Declines an object whose key repeats (the tree keeps the last value, raw text both). */
  private void noteKey(int base, int start, int length, int hash) {
    for (int k = base; k < keyTop; k += 3) {
      if (keys[k + 2] == hash
          && keys[k + 1] == length
          && Arrays.equals(b, keys[k], keys[k] + length, b, start, start + length)) {
        throw fallback();
      }
    }
    if (keyTop + 3 > keys.length) {
      keys = Arrays.copyOf(keys, keys.length * 2);
    }
    keys[keyTop] = start;
    keys[keyTop + 1] = length;
    keys[keyTop + 2] = hash;
    keyTop += 3;
  }

  private void array(int depth) {
    if (depth > MAX_DEPTH) {
      throw fallback();
    }
    expect((byte) '[');
    if (!at((byte) ']')) {
      while (true) {
        value(depth);
        if (at((byte) ',')) {
          pos++;
          continue;
        }
        break;
      }
    }
    expect((byte) ']');
  }

  /**
   * A string with no escapes and no control characters (raw ones are invalid JSON; escaped ones
   * Jackson may write differently); returns a hash of its content. The body is valid UTF-8.
   */
  int string() {
    expect((byte) '"');
    int hash = 0;
    while (pos < b.length) {
      byte c = b[pos++];
      if (c == '"') {
        return hash;
      }
      if (c == '\\' || (c >= 0 && c < 0x20)) {
        throw fallback();
      }
      hash = 31 * hash + c;
    }
    throw fallback();
  }

  private void literal(String word) {
    int n = word.length();
    if (pos + n > b.length) {
      throw fallback();
    }
    for (int i = 0; i < n; i++) {
      if (b[pos + i] != word.charAt(i)) {
        throw fallback();
      }
    }
    pos += n;
  }

  /**
   * A number as Jackson writes it back: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?}, not starting with
   * {@code -0} (written as 0 or without its sign), and no fraction of {@code 0.} with six or more
   * leading zeros (BigDecimal writes those as {@code 1E-7}).
   */
  private void number() {
    int start = pos;
    if (at((byte) '-')) {
      pos++;
    }
    int intStart = pos;
    int intDigits = digits();
    if (intDigits == 0 || (intDigits > 1 && b[intStart] == '0')) {
      throw fallback();
    }
    if (b[intStart] == '0' && intStart > start) {
      throw fallback(); // -0, -0.5: left to the tree path
    }
    if (at((byte) '.')) {
      pos++;
      int fracStart = pos;
      if (digits() == 0) {
        throw fallback();
      }
      if (intDigits == 1 && b[intStart] == '0') {
        int zeros = 0;
        while (fracStart + zeros < pos && b[fracStart + zeros] == '0') {
          zeros++;
        }
        if (zeros >= 6) {
          throw fallback();
        }
      }
    }
    if (at((byte) 'e') || at((byte) 'E') || pos - start > MAX_NUMBER) {
      throw fallback();
    }
  }

  private int digits() {
    int start = pos;
    while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
      pos++;
    }
    return pos - start;
  }
}
