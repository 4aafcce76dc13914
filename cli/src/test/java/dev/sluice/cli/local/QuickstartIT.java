package dev.sluice.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.segment.analytics.Analytics;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.TrackMessage;
import dev.sluice.cli.Json;
import dev.sluice.cli.sink.WebhookReceiver;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.sink.RecordedRequest;
import dev.sluice.embedded.sink.RecordingSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quickstart as it ships in {@code examples/quickstart}, with only the webhook URL and
 * the archive folder pointed at this test's sink and temporary folder: what a newcomer sends with a
 * Segment library reaches the webhook (track only, signed, without the IP) and the archive (all).
 */
@ExtendWith(SluiceInfra.class)
class QuickstartIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir static Path temp;
  static RecordingSink sink;
  static LocalRunner runner;
  static Path archive;
  static final StringWriter output = new StringWriter();

  @BeforeAll
  static void start(RecordingSink recording) throws Exception {
    sink = recording;
    archive = temp.resolve("archive");
    Path manifests = temp.resolve("quickstart");
    Files.createDirectories(manifests);
    try (Stream<Path> files = Files.list(Path.of("../examples/quickstart"))) {
      for (Path file : files.toList()) {
        Files.writeString(
            manifests.resolve(file.getFileName()),
            Files.readString(file)
                .replace("http://127.0.0.1:9999/hook", sink.url("/hook"))
                .replace("path: .sluice/archive", "path: " + archive));
      }
    }
    runner =
        LocalRunner.start(
            new LocalRunner.Options(
                manifests, temp.resolve("data"), null, "127.0.0.1", 0, 0, Duration.ofSeconds(1)),
            new PrintWriter(output, true));
    // As `sluice local` does before it says ready: a new Connection starts at "latest", so what
    // is sent before its pipeline has partitions is not its to deliver.
    assertThat(runner.awaitReady(DEADLINE)).isNull();
  }

  @AfterAll
  static void stop() {
    if (runner != null) {
      runner.close();
    }
  }

  @Test
  void whatTheReadmeSendsArrivesWhereTheReadmeSays() throws Exception {
    assertThat(output.toString())
        .contains("default/web-shop  write key quickstart-write-key")
        .doesNotContain("Problems");
    String user = "newcomer-" + UUID.randomUUID();
    Analytics analytics =
        Analytics.builder("quickstart-write-key")
            .endpoint("http://127.0.0.1:" + runner.gatewayPort())
            .flushQueueSize(2)
            .build();
    try {
      analytics.enqueue(IdentifyMessage.builder().userId(user).traits(Map.of("plan", "pro")));
      analytics.enqueue(
          TrackMessage.builder("Order Completed")
              .userId(user)
              .properties(Map.of("revenue", 42.5))
              .context(Map.of("ip", "203.0.113.7")));
      analytics.flush();
    } finally {
      analytics.shutdown();
    }

    List<JsonNode> archived =
        await().atMost(DEADLINE).until(() -> archivedFor(user), list -> list.size() >= 2);
    assertThat(archived)
        .extracting(m -> m.path("type").asText())
        .containsExactlyInAnyOrder("identify", "track");

    RecordedRequest hook =
        await().atMost(DEADLINE).until(() -> deliveriesFor(user), list -> !list.isEmpty()).get(0);
    JsonNode track = Json.mapper().readTree(hook.body());
    assertThat(track.path("event").asText()).isEqualTo("Order Completed");
    assertThat(track.path("context").has("ip")).isFalse();
    assertThat(hook.header("X-Signature"))
        .isEqualTo(WebhookReceiver.hmacSha1Hex("quickstart-signing-secret", hook.body()));
    // Both were archived, so the webhook's pipeline has decided on the identify too: filtered.
    assertThat(deliveriesFor(user)).hasSize(1);
  }

  private static List<RecordedRequest> deliveriesFor(String user) {
    return sink.requests().stream().filter(r -> r.bodyAsString().contains(user)).toList();
  }

  private static List<JsonNode> archivedFor(String user) throws IOException {
    return Archives.messagesOf(archive, user);
  }
}
