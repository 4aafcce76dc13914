package dev.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManagementServerIT {
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void readinessNamesWhatIsMissingUntilEveryCheckPasses() throws Exception {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.counter("sluice_probe_total").increment();
    AtomicReference<String> kafka = new AtomicReference<>("Kafka at 127.0.0.1:1 unreachable");
    var server =
        new ManagementServer(registry)
            .addReadinessCheck(ReadinessCheck.of("kafka", kafka::get))
            .start(vertx, "127.0.0.1", 0)
            .await(10, TimeUnit.SECONDS);

    assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> notReady = get(server, "/readyz");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).contains("Kafka at 127.0.0.1:1 unreachable");

    kafka.set(null);
    assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
    assertThat(get(server, "/metrics").body()).contains("sluice_probe_total 1.0");
  }

  @Test
  void aClientAskingForCleartextHttp2IsAnsweredInHttp11() throws Exception {
    var server = startedWithoutChecks();
    // The JDK's client asks every cleartext server to upgrade to HTTP/2 (h2c).
    assertThat(http.version()).isEqualTo(HttpClient.Version.HTTP_2);
    for (String path : List.of("/healthz", "/metrics", "/readyz")) {
      HttpResponse<String> response = get(server, path);
      assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(response.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void otherPathsGoToTheFallbackWhenThereIsOne() throws Exception {
    var server = startedWithoutChecks();
    assertThat(get(server, "/").statusCode()).isEqualTo(404);

    server.fallback(
        request -> request.response().setStatusCode(200).end("console " + request.path()));
    assertThat(get(server, "/api/sources").body()).isEqualTo("console /api/sources");
    assertThat(get(server, "/healthz").body()).contains("UP");
  }

  private HttpResponse<String> get(ManagementServer server, String path) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private ManagementServer startedWithoutChecks() throws Exception {
    return new ManagementServer(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        .start(vertx, "127.0.0.1", 0)
        .await(10, TimeUnit.SECONDS);
  }
}
