package dev.sluice.cli.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code sluice sink}'s receiver over real HTTP: it prints deliveries and checks X-Signature. */
class WebhookReceiverIT {
  static final StringWriter printed = new StringWriter();
  static WebhookReceiver receiver;

  @BeforeAll
  static void start() throws Exception {
    receiver =
        WebhookReceiver.start(
            "127.0.0.1",
            0,
            new WebhookReceiver.Settings("s3cret", 200),
            new Printer(new PrintWriter(printed, true)));
  }

  @AfterAll
  static void stop() {
    receiver.close();
  }

  @Test
  void aCorrectlySignedDeliveryIsAcceptedAndPrinted() throws Exception {
    String body = "{\"type\":\"track\",\"event\":\"Signed Event\"}";
    String signature = WebhookReceiver.hmacSha1Hex("s3cret", body.getBytes(StandardCharsets.UTF_8));

    assertThat(post(body, signature)).isEqualTo(200);
    assertThat(printed.toString()).contains("signature valid").contains("\"Signed Event\"");
  }

  @Test
  void aWronglySignedOrUnsignedDeliveryIsRefused() throws Exception {
    String body = "{\"type\":\"track\",\"event\":\"Forged\"}";

    assertThat(post(body, "0000")).isEqualTo(401);
    assertThat(post(body, null)).isEqualTo(401);
    assertThat(printed.toString())
        .contains("X-Signature INVALID: answered 401")
        .contains("X-Signature MISSING: answered 401");
  }

  @Test
  void theSignatureIsSegmentsHexHmacSha1() {
    // RFC 2202 test case 2.
    assertThat(
            WebhookReceiver.hmacSha1Hex(
                "Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  }

  private static int post(String body, String signature) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/hook"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header("X-Signature", signature);
    }
    return HttpClient.newHttpClient()
        .send(request.build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
