package dev.sluice.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.segment.analytics.Analytics;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.MessageBuilder;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.TrackMessage;
import dev.sluice.api.compiler.Names;
import dev.sluice.cli.Json;
import dev.sluice.cli.sink.WebhookReceiver;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.sink.RecordedRequest;
import dev.sluice.embedded.sink.RecordingSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runner end to end, in-process on free ports: the official analytics-java client sends
 * to the gateway; messages arrive at a recording webhook and in an archive folder; edits to the
 * manifest folder change what runs while it runs; a restart delivers what was logged but not yet
 * delivered. The tests run in order on one runner, as a person would use it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SluiceInfra.class)
class LocalRunnerIT {
  private static final String WRITE_KEY = "e2e-write-key";
  private static final String SIGNING_SECRET = "e2e-signing-secret";
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir static Path temp;
  static Path manifests;
  static Path archive;
  static RecordingSink sink;
  static LocalRunner runner;
  static LocalRunner.Options options;
  static final StringWriter output = new StringWriter();

  @BeforeAll
  static void start(RecordingSink recording) throws Exception {
    sink = recording;
    manifests = temp.resolve("manifests");
    archive = temp.resolve("archive");
    Files.createDirectories(manifests);
    for (String file :
        List.of("secrets.yaml", "source.yaml", "hook.yaml", "archive.yaml", "connections.yaml")) {
      copyFixture(file);
    }
    options =
        new LocalRunner.Options(
            manifests, temp.resolve("data"), null, "127.0.0.1", 0, 0, Duration.ofMillis(200));
    runner = LocalRunner.start(options, new PrintWriter(output, true));
  }

  @AfterAll
  static void stop() {
    if (runner != null) {
      runner.close();
    }
  }

  @Test
  @Order(1)
  void startsReadyAndPrintsWhatToUse() throws Exception {
    // Ready once every pipeline's consumer has its partitions, as /readyz says.
    assertThat(runner.awaitReady(DEADLINE)).isNull();
    assertThat(status(runner.managementPort(), "/readyz")).isEqualTo(200);
    assertThat(output.toString())
        .contains("Gateway      http://127.0.0.1:" + runner.gatewayPort())
        .contains("default/shop  write key " + WRITE_KEY + "  topic sluice.default.shop")
        .contains("default/hook  webhook " + sink.url("/hook"))
        .contains("<- shop-to-hook (from shop)")
        .contains("default/archive  archive " + archive);
  }

  @Test
  @Order(2)
  void everyMessageFromTheOfficialClientArrivesAtTheWebhookAndInTheArchive() throws Exception {
    String user = "user-" + UUID.randomUUID();
    send(
        TrackMessage.builder("Order Completed")
            .userId(user)
            .properties(Map.of("revenue", 42.5, "currency", "EUR")),
        IdentifyMessage.builder().userId(user).traits(Map.of("plan", "pro")),
        PageMessage.builder("Pricing").userId(user));

    List<RecordedRequest> delivered =
        await().atMost(DEADLINE).until(() -> deliveriesFor(user), list -> list.size() >= 3);
    assertThat(delivered)
        .extracting(r -> json(r).path("type").asText())
        .containsExactlyInAnyOrder("track", "identify", "page");
    for (RecordedRequest request : delivered) {
      assertThat(request.header("X-Signature"))
          .isEqualTo(WebhookReceiver.hmacSha1Hex(SIGNING_SECRET, request.body()));
      assertThat(json(request).has("writeKey")).isFalse();
      assertThat(json(request).path("receivedAt").asText()).isNotEmpty();
    }
    JsonNode track =
        delivered.stream().map(LocalRunnerIT::json).filter(m -> m.has("event")).findFirst().get();
    assertThat(track.path("event").asText()).isEqualTo("Order Completed");
    assertThat(track.path("properties").path("revenue").asDouble()).isEqualTo(42.5);

    List<JsonNode> archived =
        await().atMost(DEADLINE).until(() -> archivedFor(user), list -> list.size() >= 3);
    assertThat(archived)
        .extracting(m -> m.path("type").asText())
        .containsExactlyInAnyOrder("track", "identify", "page");
  }

  @Test
  @Order(3)
  void tailPrintsLiveMessagesMatchingItsFilter() throws Exception {
    String user = "tail-" + UUID.randomUUID();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var commandLine = dev.sluice.cli.Sluice.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    Thread tail =
        new Thread(
            () ->
                commandLine.execute(
                    "tail",
                    "shop",
                    "--data-dir",
                    options.dataDir().toString(),
                    "--output",
                    "compact",
                    "--max-messages",
                    "1",
                    "--filter",
                    "message.type == 'track' && message.event == 'Checkout Started'"
                        + " && message.properties.revenue == 42.5"));
    tail.start();
    await().atMost(DEADLINE).until(() -> err.toString().contains("Tailing sluice.default.shop"));

    send(TrackMessage.builder("Product Viewed").userId(user));
    // Numbers are shown as sent, and the filter sees the value a Connection's condition sees.
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + runner.gatewayPort() + "/v1/track"))
                    .header("X-Write-Key", WRITE_KEY)
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"userId\":\""
                                + user
                                + "\",\"event\":\"Checkout Started\","
                                + "\"properties\":{\"revenue\":42.50}}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);

    tail.join(DEADLINE.toMillis());
    assertThat(tail.isAlive()).isFalse();
    assertThat(out.toString()).contains("\"revenue\":42.50");
    JsonNode printed = Json.mapper().readTree(out.toString().strip());
    assertThat(printed.path("event").asText()).isEqualTo("Checkout Started");
    assertThat(printed.path("userId").asText()).isEqualTo(user);
  }

  @Test
  @Order(4)
  void editingAConnectionFilterChangesWhatIsDeliveredWhileRunning() throws Exception {
    long reloads = runner.reloads();
    Files.writeString(
        manifests.resolve("connections.yaml"),
        fixture("connections.yaml")
            .replace(
                "  destinationRef: {name: hook}\n",
                "  destinationRef: {name: hook}\n"
                    + "  filter:\n"
                    + "    types: [track]\n"
                    + "    events: {include: [\"Order Completed\"]}\n"));
    await().atMost(DEADLINE).until(() -> runner.reloads() > reloads);
    assertThat(output.toString()).contains("~ Destination default/hook: updated");

    String user = "filter-" + UUID.randomUUID();
    // One user, so one partition and one ordered lane: when the last message has arrived, the
    // pipeline has decided on every earlier one.
    send(
        TrackMessage.builder("Product Viewed").userId(user),
        IdentifyMessage.builder().userId(user),
        TrackMessage.builder("Order Completed").userId(user));

    await()
        .atMost(DEADLINE)
        .until(
            () ->
                deliveriesFor(user).stream()
                    .anyMatch(r -> json(r).path("event").asText().equals("Order Completed")));
    assertThat(deliveriesFor(user)).hasSize(1);
    // The archive's Connection has no filter: it still gets all three.
    await().atMost(DEADLINE).until(() -> archivedFor(user), list -> list.size() >= 3);
  }

  @Test
  @Order(5)
  void aRestartDeliversWhatWasLoggedButNotYetDelivered() throws Exception {
    String user = "restart-" + UUID.randomUUID();
    sink.down();
    send(TrackMessage.builder("Order Completed").userId(user).properties(Map.of("n", 1)));
    // Logged: the archive has it, while the webhook refuses connections.
    await().atMost(DEADLINE).until(() -> archivedFor(user), list -> list.size() >= 1);
    runner.close();

    sink.up();
    runner = LocalRunner.start(options, new PrintWriter(output, true));

    await().atMost(DEADLINE).until(() -> deliveriesFor(user), list -> !list.isEmpty());
    assertThat(deliveriesFor(user))
        .allSatisfy(r -> assertThat(json(r).path("event").asText()).isEqualTo("Order Completed"));
  }

  @Test
  @Order(6)
  void deletingADestinationStopsItsPipelineAndReportsTheConnectionLeftOver() throws Exception {
    String group = Names.consumerGroup("default", "archive");
    await().atMost(DEADLINE).until(() -> members(group) > 0);
    long reloads = runner.reloads();

    Files.delete(manifests.resolve("archive.yaml"));

    await().atMost(DEADLINE).until(() -> runner.reloads() > reloads);
    assertThat(output.toString()).contains("- Destination default/archive: pipeline stopped");
    assertThat(output.toString())
        .contains("ERROR Connection default/shop-to-archive spec.destinationRef.name");
    await().atMost(DEADLINE).until(() -> members(group) == 0);

    // The webhook keeps running.
    String user = "after-delete-" + UUID.randomUUID();
    send(TrackMessage.builder("Order Completed").userId(user));
    await().atMost(DEADLINE).until(() -> deliveriesFor(user), list -> !list.isEmpty());
  }

  // --- helpers ---

  private static void send(MessageBuilder<?, ?>... messages) {
    Analytics analytics =
        Analytics.builder(WRITE_KEY)
            .endpoint("http://127.0.0.1:" + runner.gatewayPort())
            .flushQueueSize(messages.length)
            .build();
    try {
      for (MessageBuilder<?, ?> message : messages) {
        analytics.enqueue(message);
      }
      analytics.flush();
    } finally {
      analytics.shutdown();
    }
  }

  private static List<RecordedRequest> deliveriesFor(String user) {
    return sink.requests().stream()
        .filter(RecordedRequest::succeeded)
        .filter(r -> user.equals(json(r).path("userId").asText()))
        .toList();
  }

  private static List<JsonNode> archivedFor(String user) throws IOException {
    return Archives.messagesOf(archive, user);
  }

  private static int members(String group) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, runner.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      ConsumerGroupDescription description =
          admin
              .describeConsumerGroups(List.of(group))
              .describedGroups()
              .get(group)
              .get(30, TimeUnit.SECONDS);
      return description.members().size();
    }
  }

  private static int status(int port, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static JsonNode json(RecordedRequest request) {
    try {
      return Json.mapper().readTree(request.body());
    } catch (IOException e) {
      throw new AssertionError("webhook body is not JSON: " + request.bodyAsString(), e);
    }
  }

  private static void copyFixture(String name) throws IOException {
    Files.writeString(manifests.resolve(name), fixture(name));
  }

  private static String fixture(String name) throws IOException {
    try (var in = LocalRunnerIT.class.getResourceAsStream("/manifests/e2e/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${SINK_URL}", sink.url("/hook"))
          .replace("${ARCHIVE_DIR}", archive.toString());
    }
  }
}
