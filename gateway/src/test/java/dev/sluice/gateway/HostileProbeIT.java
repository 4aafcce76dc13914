package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The findings of the black-box probe (issue 12), each as the answer it must now get. */
@ExtendWith(SluiceInfra.class)
class HostileProbeIT {
  static final String KEY = "wk_probe_SECRET_0123456789";
  static final String AUTH = TestGateway.basic(KEY);

  static EmbeddedKafka kafka;
  static TestGateway gw;

  @BeforeAll
  static void start(EmbeddedKafka shared) {
    kafka = shared;
    gw =
        TestGateway.start(
            TestGateway.options(TestGateway.options(kafka.bootstrapServers()).kafka())
                .idleTimeout(Duration.ofSeconds(2))
                .headerTimeout(Duration.ofSeconds(2))
                .build(),
            new GatewayConfig(
                List.of(TestGateway.source("probe", KEY, Defaults.INGEST_LIMITS, List.of()))));
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/pixel/track?writeKey=" + KEY + "&data=%zz",
        "/v1/pixel/track?writeKey=" + KEY + "&data=abc%",
        "/v1/pixel/track?writeKey=" + KEY + "&data=%4",
        "/v1/projects/%zz" + KEY + "/settings",
        "/v1/projects/" + KEY + "%/settings",
      })
  void aBadPercentEscapeIsA400AndLogsNothingSensitive(String path) throws Exception {
    try (LogCapture logs = new LogCapture();
        RawHttp raw = new RawHttp(gw.gateway.port())) {
      String answer = raw.send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").readAnswer();
      assertThat(answer).startsWith("HTTP/1.1 400").contains("\"code\":\"invalid_url\"");
      assertThat(answer).doesNotContain(KEY);
      assertThat(logs.at(Level.ERROR)).isEmpty();
      assertThat(logs.lines()).noneMatch(l -> l.contains(KEY) || l.contains("%zz"));
    }
  }

  @Test
  void aClientThatDisconnectsMidBodyIsCountedAsAnAbortNotA500() throws Exception {
    try (LogCapture logs = new LogCapture()) {
      try (RawHttp raw = new RawHttp(gw.gateway.port())) {
        raw.send(authorizedPost("/v1/batch", 1000, "{\"batch\":["));
        await().atMost(Duration.ofSeconds(20)).until(() -> gw.gateway.inFlightRequests() == 1);
      } // closed mid-body
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(gw.registry.scrape())
                      .contains("sluice_gateway_requests_aborted_total{route=\"/v1/batch\"} 1.0"));
      assertThat(gw.gateway.inFlightRequests()).isZero();
      assertThat(gw.registry.scrape()).doesNotContain("status=\"500\"");
      assertThat(logs.at(Level.ERROR)).isEmpty();
    }
  }

  @Test
  void theServersOwnIdleCloseMidBodyIsAnAbortToo() throws Exception {
    try (LogCapture logs = new LogCapture();
        RawHttp raw = new RawHttp(gw.gateway.port())) {
      raw.send(authorizedPost("/v1/track", 1000, "{\"userId\":"));
      // The idle timeout (2 s here) closes the connection; nothing was answered.
      assertThat(raw.readToClose()).isEmpty();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(gw.registry.scrape())
                      .contains("sluice_gateway_requests_aborted_total{route=\"/v1/track\"} 1.0"));
      assertThat(gw.registry.scrape()).doesNotContain("status=\"500\"");
      assertThat(logs.at(Level.ERROR)).isEmpty();
      assertThat(logs.at(Level.WARN)).isEmpty();
    }
  }

  @Test
  void cleartextHttp2IsNotOfferedSoAnOversizedBodyIsAPlain413() throws Exception {
    HttpClient h2 =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<String> answer =
        h2.send(
            HttpRequest.newBuilder(gw.uri("/v1/batch"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(600 * 1024)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(answer.statusCode()).isEqualTo(413);
    assertThat(answer.body()).contains("request_too_large");
    HttpResponse<String> small =
        h2.send(
            HttpRequest.newBuilder(gw.uri("/v1/track"))
                .header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u\",\"event\":\"h2c\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(small.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(small.statusCode()).isEqualTo(200);
  }

  /**
   * A client assuming HTTP/2 without asking (prior knowledge) gets Vert.x's answer to a protocol
   * version it does not serve, a text 501, and the connection closes: no HTTP/2 frames, no GOAWAY.
   */
  @Test
  void anHttp2PriorKnowledgePrefaceIsRefusedAndClosed() throws Exception {
    try (RawHttp raw = new RawHttp(gw.gateway.port())) {
      String answer = raw.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").readToClose();
      assertThat(answer).startsWith("HTTP/2.0 501 Not Implemented\r\n");
    }
  }

  @Test
  void aSixtyKilobyteHeaderIsA431() throws Exception {
    try (RawHttp raw = new RawHttp(gw.gateway.port())) {
      String answer =
          raw.send(
                  "POST /v1/track HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                      + "a".repeat(60 * 1024)
                      + "\r\nContent-Length: 2\r\n\r\n{}")
              .readToClose();
      assertThat(answer).startsWith("HTTP/1.1 431");
    }
  }

  /**
   * A kept-alive answer says when the gateway closes an idle connection (a second before its header
   * deadline, here 2 s), so a client that honours it does not send a request into the close; an
   * answer that closes the connection says that instead.
   */
  @Test
  void keptAliveAnswersTellClientsWhenAnIdleConnectionWillClose() throws Exception {
    String track = "{\"userId\":\"u\",\"event\":\"keep-alive\"}";
    try (RawHttp raw = new RawHttp(gw.gateway.port())) {
      String answer = raw.send(authorizedPost("/v1/track", track.length(), track)).readAnswer();
      assertThat(answer)
          .startsWith("HTTP/1.1 200")
          .containsIgnoringCase("\r\nkeep-alive: timeout=1\r\n");
    }
    try (RawHttp raw = new RawHttp(gw.gateway.port())) {
      // Over the batch limit by its Content-Length: answered before the body is sent.
      String answer = raw.send(authorizedPost("/v1/batch", 600 * 1024, "")).readAnswer();
      assertThat(answer)
          .startsWith("HTTP/1.1 413")
          .containsIgnoringCase("\r\nconnection: close\r\n")
          .doesNotContainIgnoringCase("keep-alive");
    }
  }

  @Test
  void anUnansweredConnectionIsClosedAfterTheHeaderTimeout() throws Exception {
    try (RawHttp raw = new RawHttp(gw.gateway.port())) {
      long start = System.nanoTime();
      raw.send("POST /v1/track HTTP/1.1\r\nHost: loc");
      // Trickle a byte at a time, faster than the idle timeout, so only the header deadline ends
      // it.
      java.io.InputStream in = raw.socket.getInputStream();
      raw.socket.setSoTimeout(500);
      int read = 0;
      while (read >= 0 && System.nanoTime() - start < 15_000_000_000L) {
        try {
          raw.send("a");
        } catch (java.io.IOException closed) {
          break;
        }
        try {
          read = in.read();
        } catch (java.net.SocketTimeoutException stillOpen) {
          read = 0;
        } catch (java.io.IOException reset) {
          break;
        }
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  /** A JSON POST with the probe's key, announcing {@code contentLength}, and the body's start. */
  private static String authorizedPost(String path, int contentLength, String bodyStart) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
        + AUTH
        + "\r\nContent-Type: application/json\r\nContent-Length: "
        + contentLength
        + "\r\n\r\n"
        + bodyStart;
  }
}
