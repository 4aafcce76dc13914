package dev.sluice.workers.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookConnectorTest {
  @Test
  void signatureIsTheHexHmacSha1OfTheBody() {
    // RFC 2202 test case 2.
    assertThat(
            new Signature("Jefe")
                .sign("what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    assertThat(new Signature("p4ssw0rd").toString()).doesNotContain("p4ssw0rd");
  }

  @Test
  void retryAfterReadsSecondsAndHttpDates() {
    assertThat(WebhookConnector.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
    assertThat(WebhookConnector.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"))
        .isEqualTo(Duration.ZERO);
    assertThat(WebhookConnector.retryAfter("soon")).isNull();
    assertThat(WebhookConnector.retryAfter(null)).isNull();
  }
}
