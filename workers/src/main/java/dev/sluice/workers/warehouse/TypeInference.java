package dev.sluice.workers.warehouse;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The column type of a JSON value, as Segment infers it: booleans, integers (bigint), other numbers
 * (double precision), ISO-8601 date-times with a zone (timestamptz), everything else text. Arrays
 * and objects reach here only as JSON text (the flattener stringifies arrays).
 */
public final class TypeInference {
  private TypeInference() {}

  /** The value, or null for JSON null (Segment creates no column and writes nothing for it). */
  public static Value infer(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isBoolean()) {
      return new Value(ColumnType.BOOLEAN, node.asBoolean() ? "true" : "false");
    }
    if (node.isIntegralNumber()) {
      // Beyond bigint an integer is kept exactly as text rather than rounded into a double.
      return node.canConvertToLong()
          ? new Value(ColumnType.BIGINT, Long.toString(node.longValue()))
          : new Value(ColumnType.TEXT, node.bigIntegerValue().toString());
    }
    if (node.isNumber()) {
      double d = node.doubleValue();
      return Double.isFinite(d)
          ? new Value(ColumnType.DOUBLE, node.decimalValue().toString())
          : new Value(ColumnType.TEXT, node.asText());
    }
    if (node.isTextual()) {
      return text(node.textValue());
    }
    return new Value(ColumnType.TEXT, node.toString());
  }

  static Value text(String s) {
    return timestamp(s) ? new Value(ColumnType.TIMESTAMPTZ, s) : new Value(ColumnType.TEXT, s);
  }

  /**
   * An ISO-8601 date-time with a zone that is also a real instant (no 25th hour, no 30th of
   * February). Checked by hand: every message has four or five of these and java.time's parser cost
   * more than the rest of the row.
   */
  static boolean timestamp(String s) {
    int n = s.length();
    if (n < 17 || n > 40 || s.charAt(4) != '-' || s.charAt(7) != '-') {
      return false;
    }
    char sep = s.charAt(10);
    if ((sep != 'T' && sep != ' ') || s.charAt(13) != ':') {
      return false;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
      return false;
    }
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
      return false;
    }
    int i = 16;
    if (i < n && s.charAt(i) == ':') {
      int second = digits(s, i + 1, 2);
      if (second < 0 || second > 59) {
        return false;
      }
      i += 3;
      if (i < n && s.charAt(i) == '.') {
        int start = ++i;
        while (i < n && Character.isDigit(s.charAt(i))) {
          i++;
        }
        if (i == start || i - start > 9) {
          return false;
        }
      }
    }
    return zone(s, i);
  }

  /** Z, or +hh, +hhmm, +hh:mm (and -) within ±18 hours, and nothing after it. */
  private static boolean zone(String s, int i) {
    int n = s.length();
    if (i == n - 1 && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
      return true;
    }
    if (i >= n || (s.charAt(i) != '+' && s.charAt(i) != '-')) {
      return false;
    }
    int rest = n - i - 1;
    int hours = digits(s, i + 1, 2);
    int minutes;
    if (rest == 2) {
      minutes = 0;
    } else if (rest == 4) {
      minutes = digits(s, i + 3, 2);
    } else if (rest == 5 && s.charAt(i + 3) == ':') {
      minutes = digits(s, i + 4, 2);
    } else {
      return false;
    }
    return hours >= 0 && minutes >= 0 && minutes <= 59 && hours * 60 + minutes <= 18 * 60;
  }

  /** The number in {@code s[from, from+count)}, or -1 unless all are ASCII digits. */
  private static int digits(String s, int from, int count) {
    if (from + count > s.length()) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static int daysIn(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }
}
