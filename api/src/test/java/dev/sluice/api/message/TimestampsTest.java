package dev.sluice.api.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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
}
