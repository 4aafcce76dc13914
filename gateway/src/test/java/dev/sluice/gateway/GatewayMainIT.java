package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.IngestLimits;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container entry point: config file reloads, management port, readiness. */
class GatewayMainIT {
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesFromAConfigFileAndReloadsItWhenItChanges(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      Path file = dir.resolve("gateway.json");
      write(file, config("wk_main_1"));
      GatewayMain.Running running =
          GatewayMain.run(
              GatewayMain.Args.parse(
                  new String[] {
                    "--config", file.toString(),
                    "--host", "127.0.0.1",
                    "--port", "0",
                    "--management-port", "0",
                    "--kafka", kafka.bootstrapServers(),
                    "--trusted-proxy", "10.0.0.0/8"
                  }));
      try {
        int port = running.gateway().port();
        int management = running.management().port();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> get(management, "/readyz").statusCode() == 200);
        assertThat(track(port, "wk_main_1").statusCode()).isEqualTo(200);
        assertThat(track(port, "wk_main_2").statusCode()).isEqualTo(401);

        write(file, config("wk_main_2"));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> track(port, "wk_main_2").statusCode() == 200);
        assertThat(track(port, "wk_main_1").statusCode()).isEqualTo(401);

        // A broken edit keeps the last good configuration.
        Files.writeString(file, "{\"sources\": [ {");
        HttpResponse<String> stillGood = track(port, "wk_main_2");
        assertThat(stillGood.statusCode()).isEqualTo(200);

        String metrics = get(management, "/metrics").body();
        assertThat(metrics)
            .contains("sluice_gateway_requests_total{route=\"/v1/track\",status=\"200\"}")
            .contains("sluice_gateway_events_total{source=\"test/main\",type=\"track\"}");
      } finally {
        running.close();
      }
    }
  }

  @Test
  void badArgumentsAreNamed() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> GatewayMain.Args.parse(new String[] {"--port", "1"}))
        .hasMessageContaining("--config");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> GatewayMain.Args.parse(new String[] {"--config", "x", "--colour", "red"}))
        .hasMessageContaining("--colour");
  }

  private static GatewayConfig config(String key) {
    return new GatewayConfig(
        List.of(TestGateway.source("main", key, IngestLimits.SEGMENT_DEFAULTS, List.of())));
  }

  private static void write(Path file, GatewayConfig config) throws Exception {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temporary, GatewayMain.configMapper().writeValueAsBytes(config));
    Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private HttpResponse<String> track(int port, String key) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/track"))
            .header("Authorization", TestGateway.basic(key))
            .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u\",\"event\":\"Main\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
