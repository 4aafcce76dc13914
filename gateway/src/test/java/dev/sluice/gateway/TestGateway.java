package dev.sluice.gateway;

import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.IngestLimits;
import dev.sluice.api.config.SourceConfig;
import dev.sluice.api.config.WriteKeys;
import dev.sluice.runtime.kafka.KafkaSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A gateway on loopback with its own Vert.x, and an HTTP client pointed at it. */
final class TestGateway implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  final Gateway gateway;

  private TestGateway(GatewayOptions options, GatewayConfig config) {
    createTopics(options.kafka().bootstrapServers(), config);
    try {
      this.gateway = Gateway.start(vertx, options, config, registry).await(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("gateway did not start", e);
    }
  }

  /** What the operator does before a Source's gateway route goes live: its topics exist. */
  static void createTopics(String bootstrap, GatewayConfig config) {
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            java.util.Map.of(
                org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap))) {
      java.util.Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<org.apache.kafka.clients.admin.NewTopic> missing = new java.util.ArrayList<>();
      for (SourceConfig source : config.sources()) {
        for (String topic : List.of(source.topic(), source.rejectedTopic())) {
          if (!existing.contains(topic)) {
            missing.add(new org.apache.kafka.clients.admin.NewTopic(topic, 2, (short) 1));
          }
        }
      }
      admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not create topics", e);
    }
  }

  static TestGateway start(GatewayOptions options, GatewayConfig config) {
    return new TestGateway(options, config);
  }

  static GatewayOptions options(String bootstrap) {
    return options(KafkaSettings.of(bootstrap)).build();
  }

  static GatewayOptions.Builder options(KafkaSettings kafka) {
    return GatewayOptions.builder(kafka).host("127.0.0.1").port(0).instances(2);
  }

  /** A Source named {@code name} in namespace {@code test} with one write key. */
  static SourceConfig source(
      String name, String writeKey, IngestLimits limits, List<String> origins) {
    return new SourceConfig(
        "test",
        name,
        "sluice.test." + name,
        "sluice.test." + name + ".rejected",
        List.of(WriteKeys.hash(writeKey)),
        true,
        limits,
        origins);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + gateway.port() + path);
  }

  HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> postBytes(String path, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String basic(String writeKey) {
    return "Basic "
        + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    try {
      gateway.close().await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing Vert.x below still releases everything
    }
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
