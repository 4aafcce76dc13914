package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.SluiceHeaders;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of bad inputs: each gets its own status and code, and none of it reaches the Source's
 * topic. Partial batches log the good messages and list the bad ones.
 */
@ExtendWith(SluiceInfra.class)
class BadInputIT {
  static final String KEY = "wk_bad_input";
  static final String TOPIC = "sluice.test.strict";
  static final String REJECTED_TOPIC = "sluice.test.strict.rejected";
  static final String AUTH = TestGateway.basic(KEY);

  static EmbeddedKafka kafka;
  static TestGateway gw;

  @BeforeAll
  static void start(EmbeddedKafka shared) {
    kafka = shared;
    gw =
        TestGateway.start(
            TestGateway.options(kafka.bootstrapServers()),
            new GatewayConfig(
                List.of(TestGateway.source("strict", KEY, Defaults.INGEST_LIMITS, List.of()))));
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  /** One bad request and what it must get. */
  record Bad(String name, String path, byte[] body, List<String> headers, int status, String code) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Bad bad(
      String name, String path, String body, int status, String code, String... headers) {
    return bad(name, path, body.getBytes(StandardCharsets.UTF_8), status, code, headers);
  }

  static Bad bad(
      String name, String path, byte[] body, int status, String code, String... headers) {
    List<String> all = new ArrayList<>(Arrays.asList(headers));
    if (!all.contains("Authorization") && !all.contains("X-Write-Key")) {
      all.addAll(List.of("Authorization", AUTH));
    }
    return new Bad(name, path, body, all, status, code);
  }

  static Stream<Bad> badInputs() throws Exception {
    String tooLargeMessage = track("big", "\"blob\":\"" + "x".repeat(33 * 1024) + "\"");
    StringBuilder manyMessages = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < 2501; i++) {
      manyMessages.append(i > 0 ? "," : "").append("{\"type\":\"track\"}");
    }
    manyMessages.append("]}");
    byte[] gzipped = gzip(batchOf(track("gz", "")));
    byte[] truncated = Arrays.copyOf(gzipped, gzipped.length - 12);
    byte[] bomb = gzip("{\"batch\":[],\"pad\":\"" + " ".repeat(5 * 1024 * 1024) + "\"}");
    String deep = "{\"batch\":[" + "[".repeat(200) + "]".repeat(200) + "]}";
    return Stream.of(
        bad("malformed JSON", "/v1/batch", "{\"batch\":[{\"type\":\"track\",", 400, "invalid_json"),
        bad("not an object", "/v1/track", "[1,2,3]", 400, "not_an_object"),
        bad("empty body", "/v1/track", "", 400, "invalid_json"),
        bad(
            "truncated gzip",
            "/v1/batch",
            truncated,
            400,
            "invalid_gzip",
            "Content-Encoding",
            "gzip"),
        bad("gzip bomb", "/v1/batch", bomb, 413, "request_too_large", "Content-Encoding", "gzip"),
        bad(
            "unknown encoding",
            "/v1/batch",
            batchOf(track("br", "")),
            415,
            "unsupported_encoding",
            "Content-Encoding",
            "br"),
        bad(
            "body over 500 KB",
            "/v1/batch",
            "{\"batch\":[],\"pad\":\"" + "y".repeat(520 * 1024) + "\"}",
            413,
            "request_too_large"),
        bad("single message over 32 KB", "/v1/track", tooLargeMessage, 413, "message_too_large"),
        bad("2,501 messages", "/v1/batch", manyMessages.toString(), 413, "too_many_messages"),
        bad("missing ids", "/v1/track", "{\"event\":\"Signed Up\"}", 400, "no_user_anon_id"),
        bad(
            "event not a string",
            "/v1/track",
            "{\"userId\":\"u\",\"event\":42}",
            400,
            "event_not_string"),
        bad("track without event", "/v1/t", "{\"userId\":\"u\"}", 400, "event_not_defined"),
        bad("group without groupId", "/v1/group", "{\"userId\":\"u\"}", 400, "id_required"),
        bad(
            "properties not an object",
            "/v1/track",
            "{\"userId\":\"u\",\"event\":\"E\",\"properties\":[1]}",
            400,
            "properties_not_object"),
        bad(
            "wrong key",
            "/v1/track",
            track("wk", ""),
            401,
            "invalid_write_key",
            "Authorization",
            TestGateway.basic("wrong-key")),
        bad(
            "missing key",
            "/v1/batch",
            batchOf(track("mk", "")),
            401,
            "missing_write_key",
            "X-Write-Key",
            ""),
        bad("empty batch", "/v1/batch", "{\"batch\":[]}", 400, "batch_empty"),
        bad("batch missing", "/v1/import", "{\"messages\":[]}", 400, "batch_missing"),
        bad("deep nesting", "/v1/batch", deep, 400, "json_too_deep"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void eachBadInputGetsItsStatusAndCode(Bad bad) throws Exception {
    HttpResponse<String> answer =
        gw.postBytes(bad.path(), bad.body(), bad.headers().toArray(String[]::new));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(bad.status());
    JsonNode body = KafkaRecords.JSON.readTree(answer.body());
    assertThat(body.path("success").asBoolean(true)).isFalse();
    assertThat(body.path("code").asText()).isEqualTo(bad.code());
    assertThat(body.path("message").asText()).isNotBlank();
  }

  /**
   * A 413 goes out while the client is still sending the body. Closing the connection at once then
   * could reset it before the client read the answer; each of these must get its 413.
   */
  @Test
  void anOversizedBodyIsAnsweredWhileTheClientIsStillSendingIt() throws Exception {
    byte[] body = ("{\"batch\":[],\"pad\":\"" + "z".repeat(4 * 1024 * 1024) + "\"}").getBytes();
    for (int i = 0; i < 30; i++) {
      HttpResponse<String> answer = gw.postBytes("/v1/batch", body, "Authorization", AUTH);
      assertThat(answer.statusCode()).as("attempt %d: %s", i, answer.body()).isEqualTo(413);
      assertThat(KafkaRecords.JSON.readTree(answer.body()).path("code").asText())
          .isEqualTo("request_too_large");
    }
  }

  @Test
  void aPartialBatchLogsTheGoodMessagesAndListsTheBadOnes() throws Exception {
    String batch =
        batchOf(
            track("good-1", ""),
            track("too-big", "\"blob\":\"" + "z".repeat(33 * 1024) + "\""),
            "{\"type\":\"track\",\"messageId\":\"no-ids\",\"event\":\"E\"}",
            "{\"type\":\"track\",\"messageId\":\"bad-event\",\"userId\":\"u\",\"event\":{\"n\":1}}",
            "{\"type\":\"teleport\",\"messageId\":\"bad-type\",\"userId\":\"u\"}",
            track("good-2", ""));
    HttpResponse<String> answer = gw.post("/v1/batch", batch, "Authorization", AUTH);
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode body = KafkaRecords.JSON.readTree(answer.body());
    assertThat(body.path("success").asBoolean()).isTrue();
    Map<Integer, String> rejected =
        Stream.of(body.path("rejected").elements())
            .flatMap(
                it -> {
                  List<JsonNode> l = new ArrayList<>();
                  it.forEachRemaining(l::add);
                  return l.stream();
                })
            .collect(Collectors.toMap(n -> n.path("index").asInt(), n -> n.path("code").asText()));
    assertThat(rejected)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                1,
                "message_too_large",
                2,
                "no_user_anon_id",
                3,
                "event_not_string",
                4,
                "type_not_supported"));

    List<ConsumerRecord<byte[], byte[]>> rejectedRecords =
        KafkaRecords.all(kafka.bootstrapServers(), REJECTED_TOPIC);
    Map<String, String> codeByMessageId =
        rejectedRecords.stream()
            .collect(
                Collectors.toMap(
                    r -> KafkaRecords.json(r).path("messageId").asText(),
                    r -> KafkaRecords.header(r, SluiceHeaders.CODE),
                    (a, b) -> a));
    assertThat(codeByMessageId)
        .containsEntry("too-big", "message_too_large")
        .containsEntry("no-ids", "no_user_anon_id")
        .containsEntry("bad-event", "event_not_string")
        .containsEntry("bad-type", "type_not_supported");
    assertThat(rejectedRecords)
        .allSatisfy(
            r -> assertThat(KafkaRecords.header(r, SluiceHeaders.SOURCE)).isEqualTo("test/strict"));
  }

  /** Runs last in spirit: whatever order the tests ran in, only good messages are in the topic. */
  @Test
  void nothingRejectedIsInTheMainTopic() throws Exception {
    assertThat(
            gw.post("/v1/batch", batchOf(track("good-3", "")), "Authorization", AUTH).statusCode())
        .isEqualTo(200);
    Set<String> logged =
        KafkaRecords.messages(kafka.bootstrapServers(), TOPIC).stream()
            .map(m -> m.path("messageId").asText())
            .collect(Collectors.toSet());
    assertThat(logged).contains("good-3");
    assertThat(logged).allMatch(id -> id.startsWith("good-"), "only good messages");
  }

  static String track(String messageId, String extra) {
    return "{\"type\":\"track\",\"messageId\":\""
        + messageId
        + "\",\"userId\":\"u-1\",\"event\":\"Viewed\""
        + (extra.isEmpty() ? "" : "," + extra)
        + "}";
  }

  static String batchOf(String... messages) {
    return "{\"batch\":[" + String.join(",", messages) + "]}";
  }

  static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
