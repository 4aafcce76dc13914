package dev.sluice.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.config.SluiceHeaders;
import dev.sluice.cli.Json;
import dev.sluice.cli.sink.WebhookReceiver;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.embedded.sink.RecordedRequest;
import dev.sluice.embedded.sink.RecordingSink;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Destinations of type actions end to end through the local runner: the gateway logs, the worker
 * pipelines hand events to the actions runtime (a real Node process running Segment's code
 * unchanged), and the requests arrive at loopback servers: a recording webhook, and a fake vendor
 * that the runtime's https requests are rerouted to (test only). Skips, saying so, without Node or
 * the runtime's packages.
 */
@ExtendWith(SluiceInfra.class)
class ActionsLocalIT {
  private static final String WRITE_KEY = "actions-e2e-write-key";
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  @TempDir static Path temp;
  static RecordingSink hook;
  static FakeVendor vendor;
  static LocalRunner runner;
  static EmbeddedKafka kafka;
  static final StringWriter output = new StringWriter();

  @BeforeAll
  static void start(RecordingSink sink, EmbeddedKafka cluster) throws Exception {
    Assumptions.assumeTrue(
        Files.isDirectory(RuntimeDir.path().resolve("node_modules/@segment/action-destinations")),
        "actions-runtime/node_modules is absent: run `npm ci --ignore-scripts` in actions-runtime");
    hook = sink;
    kafka = cluster;
    vendor = new FakeVendor();
    vendor.answer(ActionsLocalIT::vendorAnswers);
    Path manifests = temp.resolve("manifests");
    Files.createDirectories(manifests);
    Files.writeString(
        manifests.resolve("actions.yaml"),
        new String(
                ActionsLocalIT.class
                    .getResourceAsStream("/manifests/actions/actions.yaml")
                    .readAllBytes(),
                StandardCharsets.UTF_8)
            .replace("HOOK_URL", hook.url("/hook"))
            .replace("VENDOR_URL", "http://127.0.0.1:" + vendor.port()));
    ActionsRuntime.testEnvironment(
        Map.of(ActionsRuntime.TEST_REROUTE, "127.0.0.1:" + vendor.port()));
    runner =
        LocalRunner.start(
            new LocalRunner.Options(
                manifests,
                temp.resolve("data"),
                cluster.bootstrapServers(),
                "127.0.0.1",
                0,
                0,
                Duration.ofMillis(500)),
            new PrintWriter(output, true));
    assertThat(runner.awaitReady(DEADLINE)).isNull();
  }

  @AfterAll
  static void stop() {
    if (runner != null) {
      runner.close();
    }
    if (vendor != null) {
      vendor.close();
    }
    ActionsRuntime.testEnvironment(Map.of());
  }

  /** Amplitude and Mixpanel accept; HubSpot wants the refreshed token; the flaky API per user. */
  private static FakeVendor.Answer vendorAnswers(FakeVendor.Request r) {
    if (r.host().equals("api.hubapi.com") && r.path().startsWith("/oauth/v1/token")) {
      return FakeVendor.Answer.ok("{\"access_token\":\"hub-new-token\",\"expires_in\":1800}");
    }
    if (r.host().equals("api.hubapi.com")) {
      return "Bearer hub-new-token".equals(r.header("authorization"))
          ? FakeVendor.Answer.ok("{}")
          : new FakeVendor.Answer(401, "{\"message\":\"token expired\"}", 0);
    }
    if (r.path().startsWith("/flaky")) {
      JsonNode body = json(r.body());
      String user = body.path("userId").asText();
      long before =
          vendor.requests().stream()
              .filter(q -> q.path().startsWith("/flaky") && q.body().contains(user))
              .count();
      boolean first = before <= 1;
      return switch (user.replaceFirst("-.*", "")) {
        case "limited" -> first ? new FakeVendor.Answer(429, "{}", 0) : FakeVendor.Answer.ok("{}");
        case "down" -> first ? new FakeVendor.Answer(503, "{}", 0) : FakeVendor.Answer.ok("{}");
        case "slow" -> new FakeVendor.Answer(200, "{}", first ? 3000 : 0);
        case "bad" -> new FakeVendor.Answer(400, "{\"error\":\"email is not valid\"}", 0);
        default -> FakeVendor.Answer.ok("{}");
      };
    }
    return FakeVendor.Answer.ok("{\"code\":200,\"status\":1}");
  }

  @Test
  void theWebhookActionSignsTemplatesHeadersAndFallsBackToTheAnonymousId() throws Exception {
    String anon = "anon-" + UUID.randomUUID();
    String user = "user-" + UUID.randomUUID();
    send(
        "{\"type\":\"track\",\"event\":\"Order Completed\",\"anonymousId\":\""
            + anon
            + "\",\"properties\":{\"tenant\":\"acme\"}}",
        "{\"type\":\"track\",\"event\":\"Signed Up\",\"userId\":\""
            + user
            + "\",\"anonymousId\":\"a\",\"properties\":{\"tenant\":\"zeta\"}}");
    List<RecordedRequest> got =
        await()
            .atMost(DEADLINE)
            .until(
                () ->
                    hook.requests().stream()
                        .filter(
                            r -> r.bodyAsString().contains(anon) || r.bodyAsString().contains(user))
                        .toList(),
                l -> l.size() >= 2);
    RecordedRequest anonymous =
        got.stream().filter(r -> r.bodyAsString().contains(anon)).findFirst().orElseThrow();
    RecordedRequest identified =
        got.stream().filter(r -> r.bodyAsString().contains(user)).findFirst().orElseThrow();
    // @if: the userId when there is one, else the anonymousId.
    assertThat(anonymous.header("X-Visitor")).isEqualTo(anon);
    assertThat(identified.header("X-Visitor")).isEqualTo(user);
    // @template over the event.
    assertThat(anonymous.header("X-Tenant")).isEqualTo("acme/Order Completed");
    // Segment's webhook signature: hex HMAC-SHA1 of the body with the shared secret.
    assertThat(anonymous.header("X-Signature"))
        .isEqualTo(WebhookReceiver.hmacSha1Hex("hook-shared-secret", anonymous.body()));
    assertThat(json(anonymous.bodyAsString()).path("event").asText()).isEqualTo("Order Completed");
  }

  @Test
  void amplitudesPurchasePresetSendsOneEventPerProduct() throws Exception {
    String user = "amp-" + UUID.randomUUID();
    send(
        "{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\""
            + user
            + "\",\"anonymousId\":\"a-1\",\"timestamp\":\"2026-11-29T10:00:00.000Z\","
            + "\"properties\":{\"order_id\":\"o-1\",\"revenue\":30,\"currency\":\"EUR\","
            + "\"products\":[{\"product_id\":\"p-1\",\"price\":10,\"quantity\":1},"
            + "{\"product_id\":\"p-2\",\"price\":20,\"quantity\":1}]}}");
    FakeVendor.Request request =
        await()
            .atMost(DEADLINE)
            .until(
                () ->
                    vendor.requestsTo("api2.amplitude.com", "/2/httpapi").stream()
                        .filter(r -> r.body().contains(user))
                        .findFirst(),
                java.util.Optional::isPresent)
            .orElseThrow();
    assertThat(request.method()).isEqualTo("POST");
    JsonNode body = json(request.body());
    assertThat(body.path("api_key").asText()).isEqualTo("amp-api-key");
    List<String> types = new ArrayList<>();
    body.path("events").forEach(e -> types.add(e.path("event_type").asText()));
    assertThat(types).containsExactly("Order Completed", "Product Purchased", "Product Purchased");
    JsonNode order = body.path("events").get(0);
    assertThat(order.path("user_id").asText()).isEqualTo(user);
    assertThat(order.path("device_id").asText()).isEqualTo("a-1");
    assertThat(order.path("revenue").asInt()).isEqualTo(30);
    assertThat(order.path("time").asLong()).isEqualTo(1795946400000L);
    assertThat(body.path("events").get(1).path("event_properties").path("price").asInt())
        .isEqualTo(10);
    assertThat(body.path("events").get(2).path("event_properties").path("price").asInt())
        .isEqualTo(20);
  }

  @Test
  void mixpanelsPresetsImportTrackAndEngageIdentify() throws Exception {
    String user = "mix-" + UUID.randomUUID();
    send(
        "{\"type\":\"track\",\"event\":\"Video Played\",\"userId\":\""
            + user
            + "\",\"messageId\":\"mix-m-1\",\"timestamp\":\"2026-11-29T10:00:00.000Z\","
            + "\"properties\":{\"title\":\"Intro\"}}",
        "{\"type\":\"identify\",\"userId\":\"" + user + "\",\"traits\":{\"plan\":\"pro\"}}");
    FakeVendor.Request track =
        await()
            .atMost(DEADLINE)
            .until(
                () ->
                    vendor.requestsTo("api.mixpanel.com", "/import").stream()
                        .filter(r -> r.body().contains(user))
                        .findFirst(),
                java.util.Optional::isPresent)
            .orElseThrow();
    assertThat(track.path()).isEqualTo("/import?strict=1");
    assertThat(track.header("authorization"))
        .isEqualTo(
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString("mix-api-secret:".getBytes(StandardCharsets.UTF_8)));
    JsonNode event = json(track.body()).get(0);
    assertThat(event.path("event").asText()).isEqualTo("Video Played");
    assertThat(event.path("properties").path("distinct_id").asText()).isEqualTo(user);
    assertThat(event.path("properties").path("$insert_id").asText()).isEqualTo("mix-m-1");
    assertThat(event.path("properties").path("title").asText()).isEqualTo("Intro");
    assertThat(event.path("properties").path("time").asLong()).isEqualTo(1795946400000L);
    await()
        .atMost(DEADLINE)
        .until(
            () ->
                vendor.requestsTo("api.mixpanel.com", "/engage").stream()
                    .anyMatch(r -> r.body().contains(user) && r.body().contains("pro")));
  }

  @Test
  void retryableOutcomesAreRetriedAndA400IsDeadLetteredWithItsMessage() throws Exception {
    String run = UUID.randomUUID().toString();
    send(
        "{\"type\":\"track\",\"event\":\"Flaky\",\"userId\":\"limited-" + run + "\"}",
        "{\"type\":\"track\",\"event\":\"Flaky\",\"userId\":\"down-" + run + "\"}",
        "{\"type\":\"track\",\"event\":\"Flaky\",\"userId\":\"slow-" + run + "\"}",
        "{\"type\":\"track\",\"event\":\"Flaky\",\"userId\":\"bad-" + run + "\"}");
    // 429, 503 and a timeout: tried again until the vendor accepts.
    for (String user : List.of("limited-" + run, "down-" + run, "slow-" + run)) {
      await()
          .atMost(DEADLINE)
          .until(
              () ->
                  vendor.requests().stream()
                      .filter(r -> r.path().startsWith("/flaky") && r.body().contains(user))
                      .count(),
              n -> n >= 2);
    }
    // 400: dead-lettered at once, with the runtime's code and the vendor's message.
    ConsumerRecord<byte[], byte[]> dead =
        await().atMost(DEADLINE).until(() -> deadLetter("bad-" + run), r -> r != null);
    assertThat(header(dead, SluiceHeaders.LAST_STATUS)).isEqualTo("400");
    assertThat(header(dead, SluiceHeaders.LAST_ERROR))
        .startsWith("HTTP_ERROR: 400")
        .contains("email is not valid");
    assertThat(header(dead, SluiceHeaders.ATTEMPTS)).isEqualTo("1");
    assertThat(
            vendor.requests().stream()
                .filter(r -> r.path().startsWith("/flaky") && r.body().contains("bad-" + run))
                .count())
        .isEqualTo(1);
    assertThat(deadLetter("limited-" + run)).isNull();
  }

  @Test
  void anExpiredOAuthTokenIsRefreshedAndKeptInMemory() throws Exception {
    String user = "hub-" + UUID.randomUUID();
    send(hubSignup(user + "-1"));
    await()
        .atMost(DEADLINE)
        .until(
            () ->
                vendor.requestsTo("api.hubapi.com", "/events").stream()
                    .anyMatch(
                        r ->
                            r.body().contains(user + "-1")
                                && "Bearer hub-new-token".equals(r.header("authorization"))));
    List<FakeVendor.Request> tokens = vendor.requestsTo("api.hubapi.com", "/oauth/v1/token");
    assertThat(tokens).hasSize(1);
    assertThat(tokens.get(0).body())
        .contains("refresh_token=hub-refresh-token")
        .contains("client_id=hub-client")
        .contains("grant_type=refresh_token");
    assertThat(output.toString()).doesNotContain("hub-new-token");
    // The worker took the runtime's new token and says its Secret is stale.
    await().atMost(DEADLINE).until(() -> secretStale("actions-hub"));
    // And tells the operator the same on /status, without the token.
    String status = get("/status");
    assertThat(status)
        .contains("\"destination\":\"actions-hub\"")
        .contains("\"type\":\"oauthSecretStale\"")
        .doesNotContain("hub-new-token")
        .doesNotContain("hub-refresh-token");

    // The next event goes out with the refreshed token at once: the worker kept it.
    send(hubSignup(user + "-2"));
    FakeVendor.Request second =
        await()
            .atMost(DEADLINE)
            .until(
                () ->
                    vendor.requestsTo("api.hubapi.com", "/events").stream()
                        .filter(r -> r.body().contains(user + "-2"))
                        .toList(),
                l -> !l.isEmpty())
            .get(0);
    assertThat(second.header("authorization")).isEqualTo("Bearer hub-new-token");
    assertThat(vendor.requestsTo("api.hubapi.com", "/oauth/v1/token")).hasSize(1);
  }

  private static String get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.managementPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static boolean secretStale(String destination) throws Exception {
    String metrics = get("/metrics");
    return metrics
        .lines()
        .anyMatch(
            line ->
                line.startsWith("sluice_worker_actions_oauth_secret_stale{")
                    && line.contains("destination=\"" + destination + "\"")
                    && line.endsWith(" 1.0"));
  }

  private static String hubSignup(String user) {
    return "{\"type\":\"track\",\"event\":\"Hub Signup\",\"userId\":\""
        + user
        + "\",\"properties\":{\"email\":\""
        + user
        + "@example.com\"}}";
  }

  private static void send(String... messages) throws Exception {
    String body = "{\"batch\":[" + String.join(",", messages) + "]}";
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + runner.gatewayPort() + "/v1/batch"))
                    .header("X-Write-Key", WRITE_KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }

  private static ConsumerRecord<byte[], byte[]> deadLetter(String user) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      String topic = "sluice.default.actions-flaky.dlq";
      var partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(2))) {
        if (new String(r.value(), StandardCharsets.UTF_8).contains(user)) {
          return r;
        }
      }
      return null;
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** The runtime folder at the repository root (tests run in cli/). */
  static final class RuntimeDir {
    static Path path() {
      return dev.sluice.workers.actions.RuntimeProcess.locate();
    }
  }
}
