package dev.sluice.api.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 timestamps as Segment clients send them. Parsing has a fast path for the common {@code
 * 2026-11-29T03:04:05.678Z} shape and falls back to {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}
 * (any fraction, any offset); output is always UTC with milliseconds.
 */
public final class Timestamps {
  private Timestamps() {}

  /** The instant a JSON value names, or null when it is absent, not a string, or malformed. */
  public static Instant parse(JsonNode node) {
    if (node == null || !node.isTextual()) {
      return null;
    }
    return parse(node.textValue());
  }

  /**
   * The instant {@code s} names, or null when it is not an ISO-8601 date-time with an offset, or
   * when it falls outside years 0000-9999 (those cannot be written in the normal form, so they are
   * treated as absent rather than delivered as {@code +10000-01-01T00:00:00Z}).
   */
  public static Instant parse(String s) {
    Instant fast = parseUtc(s);
    if (fast != null) {
      return fast;
    }
    try {
      Instant slow = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      return inRange(slow) ? slow : null;
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

  /** Whether {@link #format} writes {@code instant} in the normal 24-character form. */
  public static boolean inRange(Instant instant) {
    return !instant.isBefore(MIN) && !instant.isAfter(MAX);
  }

  // yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z; anything else returns null and goes to the slow path.
  private static Instant parseUtc(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(n - 1) != 'Z') {
      return null;
    }
    if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T') {
      return null;
    }
    if (s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      int fracLen = n - 21;
      if (s.charAt(19) != '.' || fracLen < 1 || fracLen > 9) {
        return null;
      }
      nanos = digits(s, 20, n - 1);
      if (nanos < 0) {
        return null;
      }
      for (int i = fracLen; i < 9; i++) {
        nanos *= 10;
      }
    }
    // Range checks as the strict ISO parser makes them; anything odd goes to the slow path, which
    // decides. Computed by hand: LocalDateTime.of was a visible share of the per-message cost.
    if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
      return null; // e.g. February 30th
    }
    if (hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
    return Instant.ofEpochSecond(epochSecond, nanos);
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (years 0-9999 here). */
  static long epochDay(int year, int month, int day) {
    // Howard Hinnant's days_from_civil: years start in March so the leap day is the last one.
    int y = month <= 2 ? year - 1 : year;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468L;
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** {@code instant} as {@code yyyy-MM-ddTHH:mm:ss.SSSZ} in UTC. */
  public static String format(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
    char[] c = new char[24];
    put(c, 0, year, 4);
    c[4] = '-';
    put(c, 5, t.getMonthValue(), 2);
    c[7] = '-';
    put(c, 8, t.getDayOfMonth(), 2);
    c[10] = 'T';
    put(c, 11, t.getHour(), 2);
    c[13] = ':';
    put(c, 14, t.getMinute(), 2);
    c[16] = ':';
    put(c, 17, t.getSecond(), 2);
    c[19] = '.';
    put(c, 20, instant.getNano() / 1_000_000, 3);
    c[23] = 'Z';
    return new String(c);
  }

  private static void put(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
