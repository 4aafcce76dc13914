package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Admission before the body (decision 0117): past the per-loop reading bound a message-carrying
 * request is answered {@code 503 overloaded} at its headers, before its body has even arrived, and
 * an admitted request whose body never comes is still answered within the answer deadline.
 */
@ExtendWith(SluiceInfra.class)
class AdmissionIT {
  private static final String KEY = "wk_admission";
  private static final String BATCH =
      "{\"batch\":[{\"type\":\"track\",\"event\":\"Admitted\",\"userId\":\"u1\"}]}";

  @Test
  void pastTheReadingBoundRequestsAreRefusedAtTheHeadersAndHeldOnesAnsweredInTime(
      EmbeddedKafka kafka) throws Exception {
    GatewayOptions options =
        TestGateway.options(TestGateway.options(kafka.bootstrapServers()).kafka())
            .instances(1)
            .maxReadingRequests(2)
            // Answer deadline: delivery timeout + 2 s.
            .deliveryTimeout(Duration.ofSeconds(3))
            .build();
    GatewayConfig config =
        new GatewayConfig(
            List.of(TestGateway.source("admission", KEY, Defaults.INGEST_LIMITS, List.of())));
    try (TestGateway gw = TestGateway.start(options, config);
        RawHttp first = new RawHttp(gw.gateway.port());
        RawHttp second = new RawHttp(gw.gateway.port());
        RawHttp third = new RawHttp(gw.gateway.port())) {
      assertThat(gw.post("/v1/batch", BATCH, "Authorization", TestGateway.basic(KEY)).statusCode())
          .isEqualTo(200);

      // Two requests whose bodies stop after a few bytes hold the loop's two reading slots.
      long held = System.nanoTime();
      first.send(headers(1000) + "{\"batch\"");
      second.send(headers(1000) + "{\"batch\"");
      await().atMost(Duration.ofSeconds(10)).until(() -> gauge(gw, "requests_reading") == 2);

      // A third is refused at its headers: its body is not even sent.
      third.send(headers(100_000));
      String refused = third.readAnswer();
      assertThat(refused)
          .startsWith("HTTP/1.1 503")
          .containsIgnoringCase("Connection: close")
          .containsIgnoringCase("Retry-After: 1")
          .contains("\"code\":\"overloaded\"");
      assertThat(gauge(gw, "requests_refused_total{reason=\"reading\"")).isEqualTo(1);

      // The held ones are answered at the answer deadline, not left hanging, and their slots free.
      for (RawHttp held1 : List.of(first, second)) {
        assertThat(held1.readAnswer())
            .startsWith("HTTP/1.1 503")
            .contains("\"code\":\"overloaded\"")
            .contains("not read and parsed in time");
      }
      assertThat(Duration.ofNanos(System.nanoTime() - held)).isLessThan(Duration.ofSeconds(20));
      await().atMost(Duration.ofSeconds(10)).until(() -> gauge(gw, "requests_reading") == 0);
      HttpResponse<String> after =
          gw.post("/v1/batch", BATCH, "Authorization", TestGateway.basic(KEY));
      assertThat(after.statusCode()).isEqualTo(200);
    }
  }

  private static String headers(int contentLength) {
    return "POST /v1/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Authorization: "
        + TestGateway.basic(KEY)
        + "\r\nContent-Length: "
        + contentLength
        + "\r\n\r\n";
  }

  /** A sluice_gateway_ metric's value (0 when absent), from the Prometheus scrape. */
  private static long gauge(TestGateway gw, String name) {
    for (String line : gw.registry.scrape().split("\n")) {
      if (line.startsWith("sluice_gateway_" + name)) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }
}
