package dev.sluice.workers.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.runtime.ManagementServer;
import dev.sluice.workers.actions.ActionsConnector;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker's management port answers GET /status with its notices, as the operator reads it. */
class WorkerStatusTest {
  private final Vertx vertx = Vertx.vertx();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private ManagementServer management;
  // Micrometer holds a gauge's state weakly: the connector keeps it in a field, so does the test.
  private final java.util.List<AtomicInteger> states = new java.util.ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    management =
        new ManagementServer(registry)
            .document("/status", new WorkerStatus(registry)::json)
            .start(vertx, "127.0.0.1", 0)
            .await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  /** The gauge as ActionsConnector registers it: 0 until the runtime refreshed the token. */
  private AtomicInteger staleGauge(String destination) {
    AtomicInteger stale = new AtomicInteger();
    states.add(stale);
    Gauge.builder(ActionsConnector.SECRET_STALE_GAUGE, stale, AtomicInteger::get)
        .tag("namespace", "shop")
        .tag("destination", destination)
        .register(registry);
    return stale;
  }

  private JsonObject status() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + management.port() + "/status"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    return new JsonObject(response.body());
  }

  @Test
  void noNoticesWhileEveryTokenIsTheSecrets() throws Exception {
    staleGauge("hub");
    assertThat(status().getJsonArray("notices")).isEmpty();
  }

  @Test
  void aRefreshedTokenIsAStaleSecretNoticeForItsDestination() throws Exception {
    staleGauge("amp");
    AtomicInteger hub = staleGauge("hub");
    hub.set(1);
    assertThat(status().getJsonArray("notices").encode())
        .isEqualTo(
            "[{\"namespace\":\"shop\",\"destination\":\"hub\",\"type\":\"oauthSecretStale\"}]");
  }
}
