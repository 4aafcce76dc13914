package dev.sluice.cli.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.config.WriteKeys;
import dev.sluice.cli.Json;
import dev.sluice.cli.local.LocalRunner;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.sink.RecordingSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's API without a browser, over real HTTP against the local runner on the quickstart
 * (webhook pointed at a recording sink): what each view reads, and that a closed view leaves
 * nothing open.
 */
@ExtendWith(SluiceInfra.class)
class ConsoleApiIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path temp;
  static Path manifests;
  static RecordingSink sink;
  static LocalRunner runner;

  @BeforeAll
  static void start(RecordingSink recording) throws Exception {
    sink = recording;
    manifests = temp.resolve("quickstart");
    Files.createDirectories(manifests);
    try (Stream<Path> files = Files.list(Path.of("../examples/quickstart"))) {
      for (Path file : files.toList()) {
        Files.writeString(
            manifests.resolve(file.getFileName()),
            Files.readString(file)
                .replace("http://127.0.0.1:9999/hook", sink.url("/hook"))
                .replace("path: .sluice/archive", "path: " + temp.resolve("archive"))
                // Dead letters at once, so the test does not wait out the retries.
                .replace("retry: 5", "retry: 0"));
      }
    }
    runner =
        LocalRunner.start(
            new LocalRunner.Options(
                manifests, temp.resolve("data"), null, "127.0.0.1", 0, 0, Duration.ofMillis(200)),
            new PrintWriter(new StringWriter(), true));
    assertThat(runner.awaitReady(Duration.ofSeconds(60))).isNull();
  }

  @AfterAll
  static void stop() {
    if (runner != null) {
      runner.close();
    }
  }

  @BeforeEach
  void sinkAccepts() {
    sink.respondAlways(200);
  }

  @Test
  void sourcesShowWriteKeyIdsRatesAndRejectionsButNeverTheKey() throws Exception {
    String user = "rates-" + UUID.randomUUID();
    send("/v1/track", "{\"userId\":\"" + user + "\",\"event\":\"Viewed\"}");
    send("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"userId\":\"" + user + "\"}]}");

    JsonNode source =
        await()
            .atMost(DEADLINE)
            .until(
                () -> get("/api/sources").path("sources").get(0),
                s ->
                    s.path("rejectedLastHour").path("event_not_defined").asLong() >= 1
                        && s.path("eventsLastHour").asLong() >= 1);
    assertThat(source.path("writeKeyIds").get(0).asText())
        .isEqualTo(WriteKeys.id(WriteKeys.hash("quickstart-write-key")));
    assertThat(source.path("eventsPerSecondSeries")).hasSize(120);
    assertThat(source.toString()).doesNotContain("quickstart-write-key");

    JsonNode rejected = get("/api/sources/default/web-shop/rejected?limit=5");
    assertThat(rejected.path("examples").get(0).path("code").asText())
        .isEqualTo("event_not_defined");
    assertThat(rejected.toString()).doesNotContain("quickstart-write-key");
  }

  @Test
  void theDebuggerStreamsNewMessagesAndRejectedOnesThroughItsFilters() throws Exception {
    String user = "debug-" + UUID.randomUUID();
    String cel = "message.userId == '" + user + "' && message.event == 'Order Completed'";
    try (SseClient all = open("/api/sources/default/web-shop/live?recent=0");
        SseClient filtered =
            open("/api/sources/default/web-shop/live?recent=0&cel=" + encode(cel))) {
      await().atMost(DEADLINE).until(() -> !all.events("ready").isEmpty());
      await().atMost(DEADLINE).until(() -> !filtered.events("ready").isEmpty());
      assertThat(runner.console().openDebuggerStreams()).isEqualTo(2);

      send("/v1/track", "{\"userId\":\"" + user + "\",\"event\":\"Order Completed\"}");
      send("/v1/track", "{\"userId\":\"" + user + "\",\"event\":\"Product Viewed\"}");
      send("/v1/batch", "{\"batch\":[{\"type\":\"identify\",\"userId\":\"x\",\"traits\":[1]}]}");

      List<JsonNode> seen =
          await().atMost(DEADLINE).until(all::entries, entries -> entries.size() >= 3);
      assertThat(seen).extracting(e -> e.path("kind").asText()).contains("accepted", "rejected");
      JsonNode rejected =
          seen.stream().filter(e -> e.path("kind").asText().equals("rejected")).findFirst().get();
      assertThat(rejected.path("code").asText()).isNotBlank();
      assertThat(rejected.path("reason").asText()).isNotBlank();

      List<JsonNode> narrowed =
          await().atMost(DEADLINE).until(filtered::entries, entries -> !entries.isEmpty());
      assertThat(narrowed).hasSize(1);
      assertThat(narrowed.get(0).path("message").path("event").asText())
          .isEqualTo("Order Completed");
    }
    // A closed view leaves no consumer behind.
    await().atMost(DEADLINE).until(() -> runner.console().openDebuggerStreams() == 0);
  }

  @Test
  void aCelFilterThatDoesNotCompileIsA400ThatSaysSo() throws Exception {
    HttpResponse<String> answer =
        raw("/api/sources/default/web-shop/live?cel=" + encode("message.type ==="));
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("does not compile");
    assertThat(runner.console().openDebuggerStreams()).isZero();
  }

  @Test
  void theDeliveryOverviewCountsWhatTheSinkReceived() throws Exception {
    sink.clear();
    int before = (int) hook().path("overview").path("delivered").asLong();
    String user = "overview-" + UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      send("/v1/track", "{\"userId\":\"" + user + "\",\"event\":\"Order " + i + "\"}");
    }
    send("/v1/identify", "{\"userId\":\"" + user + "\"}");
    sink.awaitSucceeded(3, DEADLINE);

    JsonNode hook =
        await()
            .atMost(DEADLINE)
            .until(
                ConsoleApiIT::hook,
                h ->
                    h.path("overview").path("delivered").asLong() - before
                            == sink.succeeded().size()
                        && h.path("overview").path("filteredByReason").path("type").asLong() >= 1);
    assertThat(hook.path("overview").path("received").asLong()).isGreaterThanOrEqualTo(4);
    assertThat(hook.path("type").asText()).isEqualTo("webhook");
    assertThat(hook.path("connections").get(0).path("name").asText())
        .isEqualTo("web-shop-to-local-hook");
    assertThat(hook.path("latencyMs").path("p50").isNumber()).isTrue();
    assertThat(hook.has("lag")).isTrue();
    assertThat(hook.toString()).doesNotContain("quickstart-signing-secret");
  }

  @Test
  void aPreviewShowsWhatTheConnectionDoesToASample() throws Exception {
    String path = "/api/destinations/default/local-hook/connections/web-shop-to-local-hook/preview";
    JsonNode pass =
        post(
            path,
            "{\"message\":{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\","
                + "\"context\":{\"ip\":\"203.0.113.7\"}}}");
    assertThat(pass.path("outcome").asText()).isEqualTo("pass");
    assertThat(pass.path("before").path("context").has("ip")).isTrue();
    assertThat(pass.path("after").path("context").has("ip")).isFalse();

    JsonNode filtered = post(path, "{\"message\":{\"type\":\"identify\",\"userId\":\"u\"}}");
    assertThat(filtered.path("outcome").asText()).isEqualTo("filtered");
    assertThat(filtered.path("reason").asText()).isEqualTo("type");

    JsonNode newest = post(path, "{}");
    assertThat(newest.path("sampleFrom").asText()).isIn("latest", "example");
  }

  @Test
  void writesFromAnotherSiteAreRefused() throws Exception {
    String path = "/api/destinations/default/local-hook/connections/web-shop-to-local-hook/preview";
    HttpResponse<String> form =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(management() + path))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(form.statusCode()).isEqualTo(415);
    HttpResponse<String> crossSite =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(management() + path))
                .header("Content-Type", "application/json")
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(crossSite.statusCode()).isEqualTo(403);
  }

  @Test
  void aRefusedDeliveryAppearsInDeadLettersAndAConfirmedReplayDeliversIt() throws Exception {
    sink.respondAlways(400);
    String user = "dead-" + UUID.randomUUID();
    send("/v1/track", "{\"userId\":\"" + user + "\",\"event\":\"Refused\"}");
    JsonNode item =
        await().atMost(DEADLINE).until(() -> deadLetterOf(user), found -> found != null);
    assertThat(item.path("lastStatus").asInt()).isEqualTo(400);
    assertThat(item.path("connection").asText()).isEqualTo("web-shop-to-local-hook");
    assertThat(item.path("attempts").asInt()).isEqualTo(1);
    assertThat(item.path("message").path("event").asText()).isEqualTo("Refused");
    assertThat(item.path("notReplayable").isNull()).isTrue();

    JsonNode page = get("/api/destinations/default/local-hook/dead-letters?limit=1");
    assertThat(page.path("items")).hasSize(1);
    assertThat(page.path("total").asLong()).isGreaterThanOrEqualTo(1);

    String replay = "/api/destinations/default/local-hook/dead-letters/replay";
    String position = item.path("position").asText();
    HttpResponse<String> unconfirmed = postRaw(replay, "{\"position\":\"" + position + "\"}");
    assertThat(unconfirmed.statusCode()).isEqualTo(400);
    assertThat(unconfirmed.body()).contains("confirm");

    sink.respondAlways(200);
    JsonNode one = post(replay, "{\"confirm\":true,\"position\":\"" + position + "\"}");
    assertThat(one.path("replayed").asInt()).isEqualTo(1);
    await().atMost(DEADLINE).until(() -> delivered(user) == 1);

    JsonNode all = post(replay, "{\"confirm\":true,\"all\":true}");
    assertThat(all.path("replayed").asInt()).isGreaterThanOrEqualTo(1);
    await().atMost(DEADLINE).until(() -> delivered(user) == 2);
    assertThat(postRaw(replay, "{\"confirm\":true,\"position\":\"0:999999\"}").statusCode())
        .isEqualTo(404);
  }

  private static long delivered(String user) {
    return sink.succeeded().stream().filter(r -> r.bodyAsString().contains(user)).count();
  }

  @Test
  void problemsFollowTheFolderLive() throws Exception {
    try (SseClient problems = open("/api/problems/live")) {
      await().atMost(DEADLINE).until(() -> !problems.events("problems").isEmpty());
      assertThat(problems.events("problems").get(0).data().path("errors").asLong()).isZero();
      Path broken = manifests.resolve("broken.yaml");
      Files.writeString(
          broken,
          """
          apiVersion: sluice.dev/v1alpha1
          kind: Connection
          metadata: {name: broken}
          spec:
            sourceRef: {name: web-shop}
            destinationRef: {name: nowhere}
          """);
      JsonNode shown =
          await()
              .atMost(DEADLINE)
              .until(() -> last(problems).path("problems"), list -> list.size() > 0);
      assertThat(shown.get(0).path("file").asText()).endsWith("broken.yaml");
      assertThat(shown.get(0).path("severity").asText()).isEqualTo("ERROR");
      assertThat(shown.get(0).path("message").asText()).contains("nowhere");
      Files.delete(broken);
      await().atMost(DEADLINE).until(() -> last(problems).path("errors").asLong() == 0);
      assertThat(runner.console().openProblemStreams()).isEqualTo(1);
    }
    await().atMost(DEADLINE).until(() -> runner.console().openProblemStreams() == 0);
  }

  @Test
  void theFrontEndIsServedFromTheJar() throws Exception {
    HttpResponse<String> index = raw("/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).contains("<script type=\"module\" src=\"app.js\">");
    assertThat(raw("/app.js").statusCode()).isEqualTo(200);
    assertThat(raw("/readyz").statusCode()).isEqualTo(200);
    assertThat(raw("/api/nothing").statusCode()).isEqualTo(404);
  }

  private static JsonNode last(SseClient client) {
    List<SseClient.Event> events = client.events("problems");
    return events.get(events.size() - 1).data();
  }

  private static JsonNode deadLetterOf(String user) throws Exception {
    for (JsonNode item :
        get("/api/destinations/default/local-hook/dead-letters?limit=50").path("items")) {
      if (item.path("message").path("userId").asText().equals(user)) {
        return item;
      }
    }
    return null;
  }

  private static JsonNode hook() throws Exception {
    for (JsonNode d : get("/api/destinations").path("destinations")) {
      if (d.path("name").asText().equals("local-hook")) {
        return d;
      }
    }
    throw new AssertionError("no local-hook destination");
  }

  private static String management() {
    return "http://127.0.0.1:" + runner.managementPort();
  }

  private static SseClient open(String path) throws Exception {
    SseClient client = new SseClient(management() + path);
    assertThat(client.status).isEqualTo(200);
    return client;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> raw(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(management() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> answer = raw(path);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return Json.mapper().readTree(answer.body());
  }

  private static JsonNode post(String path, String body) throws Exception {
    HttpResponse<String> answer = postRaw(path, body);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return Json.mapper().readTree(answer.body());
  }

  private static HttpResponse<String> postRaw(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(management() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void send(String path, String body) throws Exception {
    String auth = Base64.getEncoder().encodeToString("quickstart-write-key:".getBytes());
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(runner.gatewayUrl() + path))
                .header("Authorization", "Basic " + auth)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }
}
