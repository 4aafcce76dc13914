package dev.sluice.workers.warehouse;

import java.math.BigDecimal;

/**
 * Fits a value to a column whose type was decided earlier (by the first value Segment saw). A
 * conversion that loses nothing is made (an integer into double precision, 42.0 into bigint,
 * anything into text); otherwise the message is rejected with the reason and goes to the
 * dead-letter topic, as nothing is lost silently.
 */
public final class Conversions {
  /** Doubles hold every integer up to 2^53 exactly. */
  private static final long EXACT_DOUBLE = 1L << 53;

  private Conversions() {}

  /** The value as {@code column} takes it; null with no lossless conversion. */
  public static Value fit(Value value, ColumnType column) {
    if (column == ColumnType.TEXT) {
      if (value.text().indexOf('\u0000') >= 0) {
        return null;
      }
      return value.type() == ColumnType.TEXT ? value : new Value(ColumnType.TEXT, value.text());
    }
    if (value.type() == column) {
      return value;
    }
    String text = value.text();
    return switch (column) {
      case DOUBLE -> toDouble(value);
      case BIGINT -> toBigint(value);
      case BOOLEAN ->
          value.type() == ColumnType.TEXT && (text.equals("true") || text.equals("false"))
              ? new Value(ColumnType.BOOLEAN, text)
              : null;
      case TIMESTAMPTZ -> null; // a timestamp string was already inferred as one
      case TEXT -> throw new AssertionError("handled above");
    };
  }

  private static Value toDouble(Value value) {
    BigDecimal number = number(value);
    if (number == null) {
      return null;
    }
    if (value.type() == ColumnType.BIGINT || number.scale() <= 0) {
      try {
        long l = number.longValueExact();
        if (Math.abs(l) > EXACT_DOUBLE) {
          return null;
        }
      } catch (ArithmeticException e) {
        return null;
      }
    }
    return Double.isFinite(number.doubleValue())
        ? new Value(ColumnType.DOUBLE, number.toString())
        : null;
  }

  private static Value toBigint(Value value) {
    BigDecimal number = number(value);
    if (number == null) {
      return null;
    }
    try {
      return new Value(
          ColumnType.BIGINT, Long.toString(number.stripTrailingZeros().longValueExact()));
    } catch (ArithmeticException e) {
      return null; // a fraction, or beyond bigint
    }
  }

  /** Numbers, and text that is exactly a number ("42", "4.5"); booleans and timestamps are not. */
  private static BigDecimal number(Value value) {
    if (value.type() == ColumnType.BOOLEAN || value.type() == ColumnType.TIMESTAMPTZ) {
      return null;
    }
    String text = value.text().strip();
    if (!text.equals(value.text()) || text.isEmpty()) {
      return null;
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Why {@code value} does not fit, for the dead letter. */
  static String reason(String table, String column, ColumnType columnType, Value value) {
    return "value of "
        + table
        + "."
        + column
        + " does not fit its column type "
        + columnType.sql()
        + " (a "
        + value.type().sql()
        + " value that cannot be converted without loss)";
  }
}
