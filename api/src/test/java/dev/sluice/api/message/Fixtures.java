package dev.sluice.api.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.IngestLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Shared helpers: a fixed clock and JSON written with single quotes for readability. */
final class Fixtures {
  static final String NOW = "2026-11-29T03:04:05.678Z";
  static final Clock CLOCK = Clock.fixed(Instant.parse(NOW), ZoneOffset.UTC);
  static final IngestLimits LIMITS = Defaults.INGEST_LIMITS;
  static final IngestContext CTX = new IngestContext("203.0.113.7");
  static final MessageParser PARSER = new MessageParser();

  private Fixtures() {}

  /** JSON with ' for " so tables stay readable. */
  static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  static ObjectNode obj(String singleQuoted) {
    try {
      return PARSER.parse(json(singleQuoted).getBytes(StandardCharsets.UTF_8));
    } catch (IngestException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  static JsonNode tree(byte[] bytes) {
    try {
      return MessageJson.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode single(IngestResult r) {
    assertThat(r.rejected()).isEmpty();
    assertThat(r.accepted()).hasSize(1);
    return (ObjectNode) tree(r.accepted().get(0).json());
  }
}
