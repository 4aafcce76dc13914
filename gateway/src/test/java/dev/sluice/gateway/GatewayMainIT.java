package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.embedded.junit.SluiceInfra;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The container entry point: config file reloads, management port, readiness. */
@ExtendWith(SluiceInfra.class)
class GatewayMainIT {
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesFromAConfigFileAndReloadsItWhenItChanges(EmbeddedKafka kafka, @TempDir Path dir)
      throws Exception {
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

      // A broken edit keeps the last good configuration, and readiness says so.
      Files.writeString(file, "{\"sources\": [ {");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> get(management, "/readyz").body().contains("was not applied"));
      assertThat(get(management, "/readyz").statusCode()).isEqualTo(200);
      assertThat(track(port, "wk_main_2").statusCode()).isEqualTo(200);

      // So does a configuration written by a newer operator than this gateway.
      Files.writeString(
          file,
          ConfigJson.write(config("wk_main_3"))
              .replace("\"formatVersion\":1", "\"formatVersion\":99"));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> get(management, "/readyz").body().contains("formatVersion 99"));
      assertThat(track(port, "wk_main_2").statusCode()).isEqualTo(200);
      assertThat(track(port, "wk_main_3").statusCode()).isEqualTo(401);

      String metrics = get(management, "/metrics").body();
      assertThat(metrics)
          .contains("sluice_gateway_requests_total{route=\"/v1/track\",status=\"200\"}")
          .contains("sluice_gateway_events_total{source=\"test/main\",type=\"track\"}");
    } finally {
      running.close();
    }
  }

  /** As a pod runs it: no arguments, every setting from the environment. */
  @Test
  void runsAsItsOwnProcessFromEnvironmentVariablesAlone(EmbeddedKafka kafka, @TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("gateway.json");
    write(file, config("wk_env_1"));
    int port = freePort();
    int management = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                GatewayMain.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("gateway.log").toFile());
    builder.environment().put("SLUICE_CONFIG", file.toString());
    builder.environment().put("SLUICE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    builder.environment().put("SLUICE_HOST", "127.0.0.1");
    builder.environment().put("SLUICE_PORT", Integer.toString(port));
    builder.environment().put("SLUICE_MANAGEMENT_PORT", Integer.toString(management));
    builder.environment().put("SLUICE_TRUSTED_PROXIES", "10.0.0.0/8,192.168.0.0/16");
    Process process = builder.start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> get(management, "/readyz").statusCode() == 200);
      assertThat(track(port, "wk_env_1").statusCode()).isEqualTo(200);
    } finally {
      process.destroy();
      assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Files.readString(dir.resolve("gateway.log"))).contains("gateway closed");
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
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
        List.of(TestGateway.source("main", key, Defaults.INGEST_LIMITS, List.of())));
  }

  private static void write(Path file, GatewayConfig config) throws Exception {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, ConfigJson.write(config));
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
