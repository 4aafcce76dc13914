package dev.sluice.workers.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.config.DestinationSettings;
import dev.sluice.workers.delivery.Delivery;
import dev.sluice.workers.delivery.SendResult;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Webhooks refuse link-local and cloud metadata addresses (checked on the resolved address, before
 * connecting) and never follow redirects; private and loopback addresses stay allowed.
 */
class WebhookAddressIT {
  static final Vertx VERTX = Vertx.vertx();
  static final AtomicInteger hits = new AtomicInteger();
  static HttpServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        VERTX
            .createHttpServer()
            .requestHandler(
                request -> {
                  hits.incrementAndGet();
                  if (request.path().equals("/redirect")) {
                    request
                        .response()
                        .setStatusCode(302)
                        .putHeader("Location", "http://169.254.169.254/latest/meta-data/")
                        .end();
                  } else {
                    request.response().setStatusCode(204).end();
                  }
                })
            .listen(0, "127.0.0.1")
            .await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    VERTX.close().await(30, TimeUnit.SECONDS);
  }

  static SendResult send(String url) throws Exception {
    WebhookConnector connector =
        new WebhookConnector(
            VERTX,
            new DestinationSettings.Webhook(
                url, Map.of(), null, 1, 1 << 20, Duration.ZERO, Duration.ofSeconds(5)),
            1);
    try {
      return connector.send(List.of(delivery())).await(30, TimeUnit.SECONDS);
    } finally {
      connector.close();
    }
  }

  static Delivery delivery() {
    return new Delivery(
        "c",
        "s",
        "k",
        "m-1",
        "u",
        "{\"type\":\"track\"}".getBytes(StandardCharsets.UTF_8),
        new byte[0],
        new RecordHeaders(),
        Instant.now());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://169.254.0.1:8080/hook",
        "https://169.254.170.2/v2/credentials",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://[fe80::1]:8080/hook",
        "http://[::ffff:169.254.169.254]/",
      })
  void linkLocalAndMetadataAddressesAreRefusedWithoutConnecting(String url) throws Exception {
    SendResult result = send(url);
    assertThat(result).isInstanceOf(SendResult.Rejected.class);
    assertThat(((SendResult.Rejected) result).error())
        .startsWith("refused: ")
        .contains("allowLinkLocal");
  }

  @Test
  void loopbackAndPrivateAddressesStayAllowed() throws Exception {
    int before = hits.get();
    assertThat(send("http://127.0.0.1:" + server.actualPort() + "/hook"))
        .isInstanceOf(SendResult.Delivered.class);
    assertThat(send("http://localhost:" + server.actualPort() + "/hook"))
        .isInstanceOf(SendResult.Delivered.class);
    assertThat(hits.get() - before).isEqualTo(2);
  }

  @Test
  void aRedirectIsNotFollowedSoItCannotReachARefusedAddress() throws Exception {
    int before = hits.get();
    SendResult result = send("http://127.0.0.1:" + server.actualPort() + "/redirect");
    assertThat(result).isInstanceOf(SendResult.Rejected.class);
    assertThat(((SendResult.Rejected) result).status()).isEqualTo(302);
    assertThat(hits.get() - before).isEqualTo(1);
  }
}
