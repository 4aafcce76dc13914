package dev.sluice.cli.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.CommandRun;
import dev.sluice.cli.Json;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.sink.RecordedRequest;
import dev.sluice.embedded.sink.RecordingSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice send} against a real HTTP server that records what it gets. */
@ExtendWith(SluiceInfra.class)
class SendCommandIT {
  static RecordingSink gateway;

  @BeforeAll
  static void start(RecordingSink recording) {
    gateway = recording;
  }

  @BeforeEach
  void reset() {
    gateway.clear();
    gateway.respondAlways(200);
  }

  @Test
  void sendsOneMessageOfTheGivenTypeWithTheWriteKeyAsBasicAuth() throws Exception {
    CommandRun run =
        CommandRun.of(
            "send",
            "--url",
            gateway.url(""),
            "--write-key",
            "key-1",
            "--type",
            "identify",
            "--user-id",
            "user-1",
            "--traits",
            "{\"plan\":\"pro\",\"seats\":3,\"credit\":42.50}");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("200 ");
    RecordedRequest request = gateway.awaitCount(1, Duration.ofSeconds(30)).get(0);
    assertThat(request.path()).isEqualTo("/v1/identify");
    assertThat(request.header("Authorization"))
        .isEqualTo(
            "Basic "
                + Base64.getEncoder().encodeToString("key-1:".getBytes(StandardCharsets.UTF_8)));
    JsonNode body = Json.mapper().readTree(request.body());
    assertThat(body.path("type").asText()).isEqualTo("identify");
    assertThat(body.path("userId").asText()).isEqualTo("user-1");
    assertThat(body.path("traits").path("seats").asInt()).isEqualTo(3);
    // Numbers go out as written, as any Segment client would send them.
    assertThat(request.bodyAsString()).contains("\"credit\":42.50");
  }

  @Test
  void aTrackFromAFileTakesOptionsOnTop(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("order.json");
    Files.writeString(
        file,
        "{\"type\":\"track\",\"event\":\"Order Completed\",\"properties\":{\"revenue\":9.5}}");

    CommandRun run =
        CommandRun.of(
            "send",
            "--url",
            gateway.url(""),
            "-k",
            "key-1",
            "--file",
            file.toString(),
            "--anonymous-id",
            "anon-7");

    assertThat(run.exitCode()).isZero();
    RecordedRequest request = gateway.awaitCount(1, Duration.ofSeconds(30)).get(0);
    assertThat(request.path()).isEqualTo("/v1/track");
    JsonNode body = Json.mapper().readTree(request.body());
    assertThat(body.path("event").asText()).isEqualTo("Order Completed");
    assertThat(body.path("anonymousId").asText()).isEqualTo("anon-7");
    assertThat(body.path("properties").path("revenue").asDouble()).isEqualTo(9.5);
  }

  @Test
  void aBatchFileGoesToTheBatchEndpoint(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("batch.json");
    Files.writeString(file, "{\"batch\":[{\"type\":\"page\",\"name\":\"Home\",\"userId\":\"u\"}]}");

    CommandRun run =
        CommandRun.of("send", "--url", gateway.url(""), "-k", "k", "--file", file.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(gateway.awaitCount(1, Duration.ofSeconds(30)).get(0).path()).isEqualTo("/v1/batch");
  }

  @Test
  void aNon2xxAnswerIsPrintedAndExitsOne() {
    gateway.respondAlways(401);

    CommandRun run =
        CommandRun.of("send", "--url", gateway.url(""), "-k", "wrong", "-e", "x", "--user-id", "u");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).startsWith("401 ");
  }

  @Test
  void propertiesThatAreNotAJsonObjectAreAUsageErrorAndNothingIsSent() {
    CommandRun run =
        CommandRun.of(
            "send", "--url", gateway.url(""), "-k", "k", "-e", "x", "--properties", "[1,2]");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--properties must be a JSON object");
    assertThat(gateway.count()).isZero();
  }

  @Test
  void anUnreachableGatewayIsSaidPlainly() {
    CommandRun run =
        CommandRun.of(
            "send", "--url", "http://127.0.0.1:1", "-k", "k", "-e", "x", "--user-id", "u");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("Could not reach http://127.0.0.1:1/v1/track");
  }
}
