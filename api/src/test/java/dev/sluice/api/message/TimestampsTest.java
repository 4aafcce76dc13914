package dev.sluice.api.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

  @ParameterizedTest
  @CsvSource({
    "2026-11-29T03:04:05.678Z, 2026-11-29T03:04:05.678Z",
    "2026-11-29T03:04:05Z, 2026-11-29T03:04:05Z",
    "2026-11-29T03:04:05.1Z, 2026-11-29T03:04:05.100Z",
    "2026-11-29T03:04:05.123456789Z, 2026-11-29T03:04:05.123456789Z",
    "2026-11-29T04:04:05.678+01:00, 2026-11-29T03:04:05.678Z",
    "2026-11-28T22:04:05-05:00, 2026-11-29T03:04:05Z",
    "2024-02-29T00:00:00.000Z, 2024-02-29T00:00:00Z",
    "1970-01-01T00:00:00.000Z, 1970-01-01T00:00:00Z",
  })
  void parses(String text, String instant) {
    assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(instant));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "yesterday",
        "2026-11-29",
        "2026-11-29T03:04:05",
        "2026-11-29T03:04:05.678",
        "2026-11-29 03:04:05Z",
        "2026-13-01T00:00:00Z",
        "2026-02-30T00:00:00Z",
        "2025-02-29T00:00:00Z",
        "2026-11-29T24:00:00Z",
        "2026-11-29T03:04:05.1234567890Z",
        "2026-11-29T03:04:0xZ",
        "1700000000000",
        "+10000-01-01T00:00:00Z",
        "-0001-12-31T23:59:59Z",
        "+999999999-12-31T23:59:59Z",
        "0000-01-01T00:30:00+01:00",
      })
  void rejects(String text) {
    assertThat(Timestamps.parse(text)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "2026-11-29T03:04:05.678Z, 2026-11-29T03:04:05.678Z",
    "2026-11-29T03:04:05Z, 2026-11-29T03:04:05.000Z",
    "2026-11-29T03:04:05.999999999Z, 2026-11-29T03:04:05.999Z",
    "1970-01-01T00:00:00Z, 1970-01-01T00:00:00.000Z",
    "0001-01-01T00:00:00Z, 0001-01-01T00:00:00.000Z",
    "9999-12-31T23:59:59.999Z, 9999-12-31T23:59:59.999Z",
    "1969-12-31T23:59:59.500Z, 1969-12-31T23:59:59.500Z",
  })
  void formatsUtcWithMillis(String instant, String text) {
    assertThat(Timestamps.format(Instant.parse(instant))).isEqualTo(text);
  }

  /** What the parser must answer: the strict ISO parser's instant, or null where it refuses. */
  private static Instant slow(String s) {
    try {
      Instant parsed = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      // Years outside 0000-9999 count as absent: they have no normal 24-character form.
      return parsed.isBefore(Instant.parse("0000-01-01T00:00:00Z"))
              || parsed.isAfter(Instant.parse("9999-12-31T23:59:59.999999999Z"))
          ? null
          : parsed;
    } catch (DateTimeException e) {
      return null;
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-29T03:04:05.678Z",
        "2026-11-29T03:04:05Z",
        "2026-11-29T03:04:05.1Z",
        "2026-11-29T03:04:05.12Z",
        "2026-11-29T03:04:05.123456789Z",
        "2026-11-29T03:04:05.Z",
        "2026-11-29T03:04:05,678Z",
        "2026-11-29T03:04:05.678z",
        "2026-11-29T03:04:05.678+00:00",
        "2026-11-29T04:04:05.678+01:00",
        "2026-11-28T22:04:05-05:00",
        "2026-11-29T03:04:05.678+14:00",
        "2026-11-29T03:04:05.678+0100",
        "2024-02-29T23:59:59.999Z",
        "2025-02-29T00:00:00Z",
        "2000-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2100-02-28T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2026-12-31T23:59:59Z",
        "2026-00-10T00:00:00Z",
        "2026-11-00T00:00:00Z",
        "2026-11-29T23:60:00Z",
        "2026-11-29T23:59:60Z",
        "2026-11-29T24:00:00Z",
        "0000-01-01T00:00:00Z",
        "0000-02-29T00:00:00Z",
        "0001-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999Z",
        "1600-03-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z",
        "+2026-11-29T03:04:05Z",
        "-2026-11-29T03:04:05Z",
        "2026-11-29T03:04:05.1234567890Z",
        "2026-1-29T03:04:05Z",
        "2026-11-29T3:04:05Z",
        "2026-11-29T03:04:05.-12Z",
        "2026-11-29T03:04:05.١٢٣Z",
        "٢٠٢٦-11-29T03:04:05Z",
        "2026-11-29T03:04Z",
        "2026-11-29T03:04:05ZZ",
      })
  void agreesWithTheStrictIsoParser(String text) {
    assertThat(Timestamps.parse(text)).isEqualTo(slow(text));
  }

  @Test
  void agreesWithTheStrictIsoParserOnEveryDayOfFourHundredYears() {
    LocalDate day = LocalDate.of(1800, 1, 1);
    Random random = new Random(42);
    while (day.getYear() < 2200) {
      String text =
          String.format(
              "%sT%02d:%02d:%02d.%03dZ",
              day,
              random.nextInt(24),
              random.nextInt(60),
              random.nextInt(60),
              random.nextInt(1000));
      assertThat(Timestamps.parse(text)).as(text).isEqualTo(slow(text)).isNotNull();
      day = day.plusDays(1);
    }
  }

  @Test
  void epochDayMatchesJavaTime() {
    for (LocalDate d = LocalDate.of(0, 1, 1); d.getYear() < 10_000; d = d.plusDays(17)) {
      assertThat(Timestamps.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()))
          .as(d.toString())
          .isEqualTo(d.toEpochDay());
    }
  }
}
