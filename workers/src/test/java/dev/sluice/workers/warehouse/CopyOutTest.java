package dev.sluice.workers.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The binary COPY's timestamps: microseconds since PostgreSQL's epoch, as its parser gives. */
class CopyOutTest {
  private static final Instant PG_EPOCH = Instant.parse("2000-01-01T00:00:00Z");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-29T10:00:00Z",
        "2026-11-29T10:00:00.250Z",
        "2026-11-29T10:00:00.123456Z",
        "2026-11-29T10:00:00.5+02:00",
        "2026-11-29T10:00:00-05:30",
        "2026-11-29T10:00Z",
        "1999-12-31T23:59:59.999999Z",
        "0001-01-01T00:00:00Z",
        "2024-02-29T12:30:00+14:00"
      })
  void microsAreThoseOfTheInstant(String text) {
    Instant instant =
        OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    Duration since = Duration.between(PG_EPOCH, instant);
    assertThat(CopyOut.micros(text))
        .isEqualTo(since.getSeconds() * 1_000_000 + since.getNano() / 1000);
  }

  @Test
  void aSpaceSeparatorAndShortZonesAreTheSame() {
    assertThat(CopyOut.micros("2026-11-29 10:00:00+01"))
        .isEqualTo(CopyOut.micros("2026-11-29T09:00:00Z"));
    assertThat(CopyOut.micros("2026-11-29T10:00:00-0530"))
        .isEqualTo(CopyOut.micros("2026-11-29T15:30:00Z"));
  }

  @Test
  void moreThanSixDigitsRoundToTheNearestMicrosecond() {
    assertThat(CopyOut.micros("2026-11-29T10:00:00.1234567Z"))
        .isEqualTo(CopyOut.micros("2026-11-29T10:00:00.123457Z"));
    assertThat(CopyOut.micros("2026-11-29T10:00:00.123456789Z"))
        .isEqualTo(CopyOut.micros("2026-11-29T10:00:00.123457Z"));
  }
}
