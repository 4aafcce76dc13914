package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the hostile-request corpus (src/test/resources/hostile) against a running gateway: every
 * request gets its documented status and code, none a 5xx, and nothing is logged at ERROR or with
 * the write key in it.
 */
@ExtendWith(SluiceInfra.class)
class HostileCorpusIT {
  static TestGateway gw;

  @BeforeAll
  static void start(EmbeddedKafka kafka) {
    gw =
        TestGateway.start(
            TestGateway.options(kafka.bootstrapServers()),
            new GatewayConfig(
                List.of(
                    TestGateway.source(
                        "hostile",
                        HostileCase.KEY,
                        Defaults.INGEST_LIMITS,
                        List.of("https://shop.example")))));
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  static List<HostileCase> corpus() {
    return HostileCase.all();
  }

  @Test
  void theCorpusHasAtLeastTwoHundredCases() {
    assertThat(corpus()).hasSizeGreaterThanOrEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eachGetsItsDocumentedAnswer(HostileCase c) throws Exception {
    try (LogCapture logs = new LogCapture()) {
      String answer = send(c);
      assertThat(logs.at(Level.ERROR)).isEmpty();
      assertThat(logs.lines()).noneMatch(l -> l.contains(HostileCase.KEY));
      if (c.status() == 0) {
        assertThat(answer).isEmpty();
        return;
      }
      // Vert.x answers a request line it cannot parse as HTTP/1.0.
      assertThat(answer).as("no answer").startsWith("HTTP/1.");
      int status = Integer.parseInt(answer.substring(9, 12));
      String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
      assertThat(status)
          .as(answer.length() > 2000 ? answer.substring(0, 2000) : answer)
          .isEqualTo(c.status());
      if (c.code() != null) {
        JsonNode error = KafkaRecords.JSON.readTree(body);
        assertThat(error.path("success").asBoolean(true)).isFalse();
        assertThat(error.path("code").asText()).as(body).isEqualTo(c.code());
      }
      if (status == 200) {
        JsonNode ok = KafkaRecords.JSON.readTree(body);
        assertThat(ok.path("success").asBoolean()).as(body).isTrue();
        List<String> rejected = new ArrayList<>();
        ok.path("rejected").forEach(r -> rejected.add(r.path("code").asText()));
        assertThat(rejected).as(body).isEqualTo(c.rejected());
      }
    }
  }

  private static String send(HostileCase c) throws IOException {
    HostileCase.Wire wire = c.wire();
    try (RawHttp raw = new RawHttp(gw.gateway.port())) {
      try {
        raw.send(wire.head());
        byte[] body = wire.body();
        int chunk = wire.paceChunk() > 0 ? wire.paceChunk() : Math.max(1, body.length);
        for (int at = 0; at < body.length; at += chunk) {
          int n = Math.min(chunk, body.length - at);
          byte[] piece = java.util.Arrays.copyOfRange(body, at, at + n);
          if (wire.chunked()) {
            raw.send(Integer.toHexString(n) + "\r\n");
            raw.send(piece);
            raw.send("\r\n");
          } else {
            raw.send(piece);
          }
          if (wire.paceMillis() > 0) {
            // Pacing the sender (a slow client), not waiting for a condition.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(wire.paceMillis()));
          }
        }
        if (wire.chunked()) {
          raw.send("0\r\n\r\n");
        }
      } catch (IOException closedEarly) {
        // The gateway answered and closed before the whole request was sent (a 413, say).
      }
      return raw.readToClose();
    }
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
