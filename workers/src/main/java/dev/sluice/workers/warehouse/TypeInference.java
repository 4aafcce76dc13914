package dev.sluice.workers.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The column type of a JSON value, as Segment infers it: booleans, integers (bigint), other numbers
 * (double precision), ISO-8601 date-times with a zone (timestamptz), everything else text. Arrays
 * and objects reach here only as JSON text (the flattener stringifies arrays).
 */
public final class TypeInference {
  /** Date, time, zone: what a Segment library or {@code new Date().toISOString()} writes. */
  private static final Pattern ISO_DATE_TIME =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|z|[+-]\\d{2}(:?\\d{2})?)");

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

  /** An ISO-8601 date-time with a zone that is also a real instant (no 25th hour). */
  static boolean timestamp(String s) {
    // Cheap shape checks first: most strings are not dates and should not reach the regex.
    if (s.length() < 16
        || s.length() > 40
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || !Character.isDigit(s.charAt(0))
        || !ISO_DATE_TIME.matcher(s).matches()) {
      return false;
    }
    try {
      OffsetDateTime.parse(normalize(s), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** The forms PostgreSQL reads but java.time's strict parser does not: a space, +hhmm, +hh. */
  private static String normalize(String s) {
    String t = s.replace(' ', 'T').replace('z', 'Z');
    int zone = Math.max(t.lastIndexOf('+'), t.lastIndexOf('-'));
    if (zone > 10) {
      String offset = t.substring(zone + 1);
      if (offset.length() == 2) {
        t = t + ":00";
      } else if (offset.length() == 4) {
        t = t.substring(0, zone + 3) + ":" + offset.substring(2);
      }
    }
    return t;
  }
}
