package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.IngestLimits;
import dev.sluice.api.config.SluiceHeaders;
import dev.sluice.api.config.SourceConfig;
import dev.sluice.api.config.WriteKeys;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.runtime.kafka.KafkaSettings;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every path and every way of passing the write key, against a real broker. */
@ExtendWith(SluiceInfra.class)
class TrackingApiIT {
  static final String KEY = "wk_shop_live_1";
  static final String OFF_KEY = "wk_disabled";
  static final String LIMITED_KEY = "wk_limited";
  static final String ORIGIN = "https://shop.example.com";
  static final String SHOP_TOPIC = "sluice.test.shop";

  static EmbeddedKafka kafka;
  static TestGateway gw;

  @BeforeAll
  static void start(EmbeddedKafka shared) {
    kafka = shared;
    SourceConfig shop = TestGateway.source("shop", KEY, Defaults.INGEST_LIMITS, List.of(ORIGIN));
    SourceConfig off =
        new SourceConfig(
            "test",
            "off",
            "sluice.test.off",
            "sluice.test.off.rejected",
            List.of(WriteKeys.hash(OFF_KEY)),
            false,
            Defaults.INGEST_LIMITS,
            List.of());
    SourceConfig limited =
        TestGateway.source(
            "limited", LIMITED_KEY, new IngestLimits(5, 32768, 512000, 2500), List.of());
    gw =
        TestGateway.start(
            TestGateway.options(KafkaSettings.of(kafka.bootstrapServers()))
                .trustedProxies(List.of("127.0.0.0/8"))
                .build(),
            new GatewayConfig(List.of(shop, off, limited)));
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  static String id() {
    return "m-" + UUID.randomUUID();
  }

  static Map<String, ConsumerRecord<byte[], byte[]>> byMessageId(String topic) {
    Map<String, ConsumerRecord<byte[], byte[]>> out = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record :
        KafkaRecords.all(kafka.bootstrapServers(), topic)) {
      String messageId = KafkaRecords.json(record).path("messageId").asText();
      assertThat(out.put(messageId, record)).as("messageId %s logged once", messageId).isNull();
    }
    return out;
  }

  @Test
  void everySingleMessagePathLogsOneEnrichedMessageBeforeAnswering() throws Exception {
    Map<String, String> bodies = new HashMap<>();
    bodies.put(
        "track",
        "{\"userId\":\"u1\",\"event\":\"Order Completed\",\"properties\":{\"revenue\":9.5}}");
    bodies.put("identify", "{\"userId\":\"u1\",\"traits\":{\"email\":\"a@example.com\"}}");
    bodies.put("page", "{\"anonymousId\":\"anon-1\",\"name\":\"Home\"}");
    bodies.put("screen", "{\"userId\":\"u1\",\"name\":\"Cart\"}");
    bodies.put("group", "{\"userId\":\"u1\",\"groupId\":\"g1\"}");
    bodies.put("alias", "{\"userId\":\"u2\",\"previousId\":\"u1\"}");
    Map<String, String> shortPaths =
        Map.of(
            "t", "track", "i", "identify", "p", "page", "s", "screen", "g", "group", "a", "alias");
    Map<String, String> expectedType = new HashMap<>();
    for (String type : bodies.keySet()) {
      String messageId = id();
      HttpResponse<String> answer =
          gw.post(
              "/v1/" + type,
              withId(bodies.get(type), messageId),
              "Authorization",
              TestGateway.basic(KEY),
              "Content-Type",
              "application/json");
      assertThat(answer.statusCode()).as(type).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("{\"success\":true}");
      expectedType.put(messageId, type);
    }
    for (Map.Entry<String, String> path : shortPaths.entrySet()) {
      String messageId = id();
      // analytics.js sends text/plain to avoid preflights; the body is JSON all the same.
      HttpResponse<String> answer =
          gw.post(
              "/v1/" + path.getKey(),
              withId(bodies.get(path.getValue()), messageId),
              "Authorization",
              TestGateway.basic(KEY),
              "Content-Type",
              "text/plain");
      assertThat(answer.statusCode()).as(path.getKey()).isEqualTo(200);
      expectedType.put(messageId, path.getValue());
    }

    Map<String, ConsumerRecord<byte[], byte[]>> logged = byMessageId(SHOP_TOPIC);
    for (Map.Entry<String, String> expected : expectedType.entrySet()) {
      ConsumerRecord<byte[], byte[]> record = logged.get(expected.getKey());
      assertThat(record).as("message %s in Kafka", expected.getKey()).isNotNull();
      JsonNode message = KafkaRecords.json(record);
      assertThat(message.path("type").asText()).isEqualTo(expected.getValue());
      assertThat(message.path("receivedAt").asText()).isNotEmpty();
      assertThat(message.path("timestamp").asText()).isNotEmpty();
      assertThat(message.path("context").path("ip").asText()).isEqualTo("127.0.0.1");
      assertThat(message.has("writeKey")).isFalse();
      String expectedKey =
          message.hasNonNull("userId")
              ? message.get("userId").asText()
              : message.path("anonymousId").asText();
      assertThat(KafkaRecords.key(record)).isEqualTo(expectedKey);
      assertThat(KafkaRecords.header(record, SluiceHeaders.SOURCE)).isEqualTo("test/shop");
      assertThat(KafkaRecords.header(record, SluiceHeaders.WRITE_KEY_ID))
          .isEqualTo(WriteKeys.id(WriteKeys.hash(KEY)));
      assertThat(KafkaRecords.header(record, SluiceHeaders.RECEIVED_AT)).isNotEmpty();
      assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain(KEY);
    }
    assertThat(gw.registry.scrape())
        .containsPattern(
            "sluice_gateway_requests_total\\{route=\"/v1/track\",status=\"200\"} [1-9]")
        .contains("sluice_gateway_events_total{source=\"test/shop\",type=\"alias\"}")
        .contains("sluice_gateway_kafka_send_seconds_count");
  }

  @Test
  void batchPathsAcceptEveryWayOfPassingTheKeyAndMergeTheEnvelope() throws Exception {
    List<String> ids = new ArrayList<>();
    String a = id(), b = id(), c = id(), d = id(), e = id();
    ids.addAll(List.of(a, b, c, d, e));
    String envelope =
        ",\"context\":{\"library\":{\"name\":\"test-lib\"}},\"integrations\":{\"All\":false}";
    assertThat(
            gw.post(
                    "/v1/batch",
                    "{\"batch\":[" + track(a) + "]" + envelope + "}",
                    "Authorization",
                    TestGateway.basic(KEY))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            gw.post(
                    "/v1/b",
                    "{\"batch\":[" + track(b) + "]}",
                    "X-Write-Key",
                    KEY,
                    "Content-Type",
                    "application/x-www-form-urlencoded")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            gw.post("/v1/import", "{\"writeKey\":\"" + KEY + "\",\"batch\":[" + track(c) + "]}")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            gw.post("/v1/import/", "{\"writeKey\":\"" + KEY + "\",\"batch\":[" + track(d) + "]}")
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> gzipped =
        gw.postBytes(
            "/v1/batch",
            gzip("{\"batch\":[" + track(e) + "]}"),
            "Authorization",
            TestGateway.basic(KEY),
            "Content-Encoding",
            "gzip");
    assertThat(gzipped.statusCode()).isEqualTo(200);

    Map<String, ConsumerRecord<byte[], byte[]>> logged = byMessageId(SHOP_TOPIC);
    assertThat(logged.keySet()).containsAll(ids);
    JsonNode first = KafkaRecords.json(logged.get(a));
    assertThat(first.path("context").path("library").path("name").asText()).isEqualTo("test-lib");
    assertThat(first.path("integrations").path("All").asBoolean(true)).isFalse();
    assertThat(KafkaRecords.json(logged.get(c)).has("writeKey")).isFalse();
  }

  @Test
  void aKeyInTheHeadersWinsOverTheBody() throws Exception {
    String good = id();
    HttpResponse<String> headerGood =
        gw.post(
            "/v1/track",
            "{\"writeKey\":\"nope\"," + track(good).substring(1),
            "Authorization",
            TestGateway.basic(KEY));
    assertThat(headerGood.statusCode()).isEqualTo(200);
    HttpResponse<String> headerBad =
        gw.post(
            "/v1/track",
            "{\"writeKey\":\"" + KEY + "\"," + track(id()).substring(1),
            "X-Write-Key",
            "nope");
    assertThat(headerBad.statusCode()).isEqualTo(401);
    assertThat(headerBad.body())
        .isEqualTo(
            "{\"success\":false,\"code\":\"invalid_write_key\",\"message\":\"the write key is not valid\"}");
    assertThat(byMessageId(SHOP_TOPIC)).containsKey(good);
  }

  @Test
  void missingDisabledAndMalformedKeysAre401() throws Exception {
    HttpResponse<String> missing = gw.post("/v1/track", track(id()));
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.body()).contains("\"code\":\"missing_write_key\"");
    HttpResponse<String> disabled =
        gw.post("/v1/track", track(id()), "Authorization", TestGateway.basic(OFF_KEY));
    assertThat(disabled.statusCode()).isEqualTo(401);
    assertThat(disabled.body()).contains("\"code\":\"source_disabled\"");
    HttpResponse<String> bearer =
        gw.post("/v1/track", track(id()), "Authorization", "Bearer " + KEY);
    assertThat(bearer.statusCode()).isEqualTo(401);
    assertThat(bearer.body()).contains("\"code\":\"invalid_write_key\"");
  }

  @Test
  void thePixelLogsItsMessageAndAnswersAGif() throws Exception {
    String messageId = id();
    String data =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"writeKey\":\""
                        + KEY
                        + "\",\"messageId\":\""
                        + messageId
                        + "\",\"userId\":\"pix\",\"event\":\"Email Opened\"}")
                    .getBytes(StandardCharsets.UTF_8));
    HttpResponse<byte[]> answer =
        gw.http.send(
            HttpRequest.newBuilder(gw.uri("/v1/pixel/track?data=" + data)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type")).contains("image/gif");
    assertThat(new String(answer.body(), 0, 6, StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
    JsonNode logged = KafkaRecords.json(byMessageId(SHOP_TOPIC).get(messageId));
    assertThat(logged.path("event").asText()).isEqualTo("Email Opened");
    assertThat(logged.path("type").asText()).isEqualTo("track");

    HttpResponse<String> noData = gw.get("/v1/pixel/page");
    assertThat(noData.statusCode()).isEqualTo(400);
    assertThat(noData.body()).contains("data_missing");
  }

  @Test
  void analyticsJsTelemetryIsCountedAndNothingMore() throws Exception {
    HttpResponse<String> answer =
        gw.post(
            "/v1/m",
            "{\"series\":[{\"type\":\"Counter\",\"metric\":\"analytics_js.invoke\",\"value\":1}]}",
            "Content-Type",
            "text/plain");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(gw.registry.scrape()).containsPattern("sluice_gateway_client_telemetry_total [1-9]");
  }

  @Test
  void settingsPointAnalyticsJsAtThisGateway() throws Exception {
    HttpResponse<String> answer = gw.get("/v1/projects/" + KEY + "/settings");
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode settings = KafkaRecords.JSON.readTree(answer.body());
    JsonNode segment = settings.path("integrations").path("Segment.io");
    assertThat(segment.path("apiKey").asText()).isEqualTo(KEY);
    assertThat(segment.path("apiHost").asText())
        .isEqualTo("127.0.0.1:" + gw.gateway.port() + "/v1");
    assertThat(segment.path("protocol").asText()).isEqualTo("http");
    assertThat(settings.path("plan").path("track").path("__default").path("enabled").asBoolean())
        .isTrue();

    HttpResponse<String> proxied =
        gw.get(
            "/v1/projects/" + KEY + "/settings",
            "X-Forwarded-Host",
            "events.shop.example.com",
            "X-Forwarded-Proto",
            "https");
    JsonNode behindProxy =
        KafkaRecords.JSON.readTree(proxied.body()).path("integrations").path("Segment.io");
    assertThat(behindProxy.path("apiHost").asText()).isEqualTo("events.shop.example.com/v1");
    assertThat(behindProxy.path("protocol").asText()).isEqualTo("https");

    assertThat(gw.get("/v1/projects/unknown/settings").statusCode()).isEqualTo(401);
  }

  @Test
  void corsFollowsTheSourcesOrigins() throws Exception {
    HttpResponse<String> preflight =
        gw.http.send(
            HttpRequest.newBuilder(gw.uri("/v1/t"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header(
                    "Access-Control-Request-Headers", "authorization,x-retry-count,content-type")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
        .contains("Authorization", "X-Retry-Count", "Content-Type");

    HttpResponse<String> evilPreflight =
        gw.http.send(
            HttpRequest.newBuilder(gw.uri("/v1/t"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example.com")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(evilPreflight.statusCode()).isEqualTo(403);
    assertThat(evilPreflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

    HttpResponse<String> allowed =
        gw.post("/v1/t", track(id()), "Origin", ORIGIN, "Authorization", TestGateway.basic(KEY));
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
    HttpResponse<String> unauthorized =
        gw.post(
            "/v1/t", track(id()), "Origin", ORIGIN, "Authorization", TestGateway.basic("wrong"));
    assertThat(unauthorized.statusCode()).isEqualTo(401);
    assertThat(unauthorized.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
    // The limited Source allows no origin, so its answers carry no CORS header.
    HttpResponse<String> otherSource =
        gw.post(
            "/v1/t",
            track(id()),
            "Origin",
            ORIGIN,
            "Authorization",
            TestGateway.basic(LIMITED_KEY));
    assertThat(otherSource.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void aSourceOverItsRateGets429WithRetryAfter() throws Exception {
    StringBuilder batch = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < 5; i++) {
      batch.append(i > 0 ? "," : "").append(track(id()));
    }
    batch.append("]}");
    HttpResponse<String> first =
        gw.post("/v1/batch", batch.toString(), "Authorization", TestGateway.basic(LIMITED_KEY));
    HttpResponse<String> second =
        gw.post("/v1/batch", batch.toString(), "Authorization", TestGateway.basic(LIMITED_KEY));
    // The bucket holds one second of the rate: the first five pass, the next five must wait.
    assertThat(first.body()).isEqualTo("{\"success\":true}");
    assertThat(second.statusCode()).isEqualTo(429);
    HttpResponse<String> limited = second;
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(limited.body()).contains("\"code\":\"rate_limited\"");
  }

  @Test
  void clientAddressComesFromTrustedProxiesOnly() throws Exception {
    String direct = id(), forwarded = id(), chained = id();
    gw.post("/v1/track", track(direct), "Authorization", TestGateway.basic(KEY));
    gw.post(
        "/v1/track",
        track(forwarded),
        "Authorization",
        TestGateway.basic(KEY),
        "X-Forwarded-For",
        "203.0.113.7");
    gw.post(
        "/v1/track",
        track(chained),
        "Authorization",
        TestGateway.basic(KEY),
        "X-Forwarded-For",
        "198.51.100.1, 203.0.113.9, 127.0.0.5");
    Map<String, ConsumerRecord<byte[], byte[]>> logged = byMessageId(SHOP_TOPIC);
    assertThat(ip(logged.get(direct))).isEqualTo("127.0.0.1");
    assertThat(ip(logged.get(forwarded))).isEqualTo("203.0.113.7");
    assertThat(ip(logged.get(chained))).isEqualTo("203.0.113.9");
  }

  @Test
  void unknownPathsAndWrongMethodsAreAnsweredInTheSameShape() throws Exception {
    HttpResponse<String> unknown = gw.post("/v1/nope", "{}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).startsWith("{\"success\":false,\"code\":\"not_found\"");
    HttpResponse<String> wrongMethod = gw.get("/v1/track");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.body()).contains("method_not_allowed");
  }

  private static String ip(ConsumerRecord<byte[], byte[]> record) {
    return KafkaRecords.json(record).path("context").path("ip").asText();
  }

  static String track(String messageId) {
    return "{\"type\":\"track\",\"messageId\":\""
        + messageId
        + "\",\"userId\":\"user-1\",\"event\":\"Product Viewed\",\"properties\":{\"sku\":\"A-1\"}}";
  }

  static String withId(String body, String messageId) {
    return "{\"messageId\":\"" + messageId + "\"," + body.substring(1);
  }

  static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
