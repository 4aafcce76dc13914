package dev.sluice.workers.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.message.MessageJson;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Type inference as Segment does it, and which conversions into an existing column are lossless.
 */
class ValuesTest {

  private static Value infer(String json) throws IOException {
    JsonNode node = MessageJson.readTree(("{\"v\":" + json + "}").getBytes());
    return TypeInference.infer(node.get("v"));
  }

  @Test
  void infersSegmentsTypes() throws IOException {
    assertThat(infer("true")).isEqualTo(new Value(ColumnType.BOOLEAN, "true"));
    assertThat(infer("42")).isEqualTo(new Value(ColumnType.BIGINT, "42"));
    assertThat(infer("42.50")).isEqualTo(new Value(ColumnType.DOUBLE, "42.50"));
    assertThat(infer("\"2026-11-29T16:41:37.123Z\"").type()).isEqualTo(ColumnType.TIMESTAMPTZ);
    assertThat(infer("\"2026-11-29T16:41:37+02:00\"").type()).isEqualTo(ColumnType.TIMESTAMPTZ);
    assertThat(infer("\"2026-11-29\"").type()).isEqualTo(ColumnType.TEXT);
    assertThat(infer("\"2026-13-45T99:00:00Z\"").type()).isEqualTo(ColumnType.TEXT);
    assertThat(infer("\"hello\"")).isEqualTo(new Value(ColumnType.TEXT, "hello"));
    assertThat(infer("\"2024-02-29T00:00:00Z\"").type()).isEqualTo(ColumnType.TIMESTAMPTZ);
    assertThat(infer("\"2026-11-29 16:41:37+0200\"").type()).isEqualTo(ColumnType.TIMESTAMPTZ);
    assertThat(infer("\"2026-11-29T16:41-05\"").type()).isEqualTo(ColumnType.TIMESTAMPTZ);
    assertThat(infer("\"2023-02-29T00:00:00Z\"").type()).as("no 29th").isEqualTo(ColumnType.TEXT);
    assertThat(infer("\"2026-11-29T24:00:00Z\"").type()).isEqualTo(ColumnType.TEXT);
    assertThat(infer("\"2026-11-29T16:41:37+19:00\"").type()).isEqualTo(ColumnType.TEXT);
    assertThat(infer("\"2026-11-29T16:41:37\"").type()).as("no zone").isEqualTo(ColumnType.TEXT);
    assertThat(infer("\"2026-11-29T16:41:37.1234567890Z\"").type()).isEqualTo(ColumnType.TEXT);
    assertThat(infer("123456789012345678901234567890").type()).isEqualTo(ColumnType.TEXT);
    assertThat(infer("null")).isNull();
  }

  @Test
  void losslessConversionsAreMade() {
    assertThat(Conversions.fit(new Value(ColumnType.BIGINT, "42"), ColumnType.DOUBLE))
        .isEqualTo(new Value(ColumnType.DOUBLE, "42"));
    assertThat(Conversions.fit(new Value(ColumnType.DOUBLE, "42.0"), ColumnType.BIGINT))
        .isEqualTo(new Value(ColumnType.BIGINT, "42"));
    assertThat(Conversions.fit(new Value(ColumnType.TEXT, "17"), ColumnType.BIGINT))
        .isEqualTo(new Value(ColumnType.BIGINT, "17"));
    assertThat(Conversions.fit(new Value(ColumnType.TEXT, "true"), ColumnType.BOOLEAN))
        .isEqualTo(new Value(ColumnType.BOOLEAN, "true"));
    assertThat(Conversions.fit(new Value(ColumnType.BOOLEAN, "false"), ColumnType.TEXT))
        .isEqualTo(new Value(ColumnType.TEXT, "false"));
    assertThat(
            Conversions.fit(
                new Value(ColumnType.TIMESTAMPTZ, "2026-01-01T00:00:00Z"), ColumnType.TEXT))
        .isEqualTo(new Value(ColumnType.TEXT, "2026-01-01T00:00:00Z"));
  }

  @Test
  void lossyConversionsAreRefused() {
    assertThat(Conversions.fit(new Value(ColumnType.DOUBLE, "42.5"), ColumnType.BIGINT)).isNull();
    assertThat(Conversions.fit(new Value(ColumnType.TEXT, "abc"), ColumnType.BIGINT)).isNull();
    assertThat(Conversions.fit(new Value(ColumnType.TEXT, " 42"), ColumnType.BIGINT)).isNull();
    assertThat(Conversions.fit(new Value(ColumnType.BOOLEAN, "true"), ColumnType.BIGINT)).isNull();
    assertThat(Conversions.fit(new Value(ColumnType.TEXT, "yes"), ColumnType.BOOLEAN)).isNull();
    assertThat(Conversions.fit(new Value(ColumnType.BIGINT, "1"), ColumnType.TIMESTAMPTZ)).isNull();
    assertThat(Conversions.fit(new Value(ColumnType.BIGINT, "9007199254740993"), ColumnType.DOUBLE))
        .as("beyond 2^53 a double would round")
        .isNull();
    assertThat(Conversions.fit(new Value(ColumnType.TEXT, "a\u0000b"), ColumnType.TEXT))
        .as("PostgreSQL text cannot hold NUL")
        .isNull();
  }
}
