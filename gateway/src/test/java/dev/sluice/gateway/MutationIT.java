package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.message.ErrorCode;
import dev.sluice.api.message.MessageJson;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Property: valid messages and batches, damaged at random, never get a 5xx; every answer is a
 * documented status and code; and what is accepted is in Kafka. Seeded and reproducible: {@code
 * -Dsluice.mutation.seed=<n>} replays a run, {@code -Dsluice.mutation.requests=<n>} sizes it (the
 * reliability profile runs more).
 */
@ExtendWith(SluiceInfra.class)
class MutationIT {
  static final String KEY = "wk_mutation";
  static final String TOPIC = "sluice.test.mutation";
  static final Set<String> CODES =
      Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName).collect(Collectors.toSet());
  static final Set<Integer> STATUSES = Set.of(200, 400, 401, 413, 415);

  static EmbeddedKafka kafka;
  static TestGateway gw;

  @BeforeAll
  static void start(EmbeddedKafka shared) {
    kafka = shared;
    gw =
        TestGateway.start(
            TestGateway.options(kafka.bootstrapServers()),
            new GatewayConfig(
                List.of(TestGateway.source("mutation", KEY, Defaults.INGEST_LIMITS, List.of()))));
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  @Test
  void damagedMessagesGetDocumentedAnswersAndAcceptedOnesAreInKafka() throws Exception {
    run(Integer.getInteger("sluice.mutation.requests", 300));
  }

  static void run(int requests) throws Exception {
    long seed = Long.getLong("sluice.mutation.seed", System.nanoTime());
    Mutator mutator = new Mutator(seed);
    Set<String> accepted = new HashSet<>();
    int[] byStatus = new int[600];
    for (int i = 0; i < requests; i++) {
      Mutator.Request request = mutator.next(i);
      HttpResponse<String> answer =
          gw.postBytes(
              request.batch() ? "/v1/batch" : "/v1/track",
              request.body(),
              "Authorization",
              TestGateway.basic(KEY),
              "Content-Type",
              "application/json");
      String context = "seed " + seed + ", request " + i + ": " + answer.body();
      byStatus[answer.statusCode()]++;
      assertThat(answer.statusCode()).as(context).isIn(STATUSES);
      JsonNode body = KafkaRecords.JSON.readTree(answer.body());
      if (answer.statusCode() != 200) {
        assertThat(body.path("success").asBoolean(true)).as(context).isFalse();
        assertThat(body.path("code").asText()).as(context).isIn(CODES);
        continue;
      }
      assertThat(body.path("success").asBoolean()).as(context).isTrue();
      Set<Integer> rejected = new HashSet<>();
      body.path("rejected")
          .forEach(
              r -> {
                assertThat(r.path("code").asText()).as(context).isIn(CODES);
                rejected.add(r.path("index").asInt());
              });
      JsonNode sent = MessageJson.readTree(request.body());
      if (request.batch()) {
        JsonNode items = sent.path("batch");
        for (int j = 0; j < items.size(); j++) {
          if (!rejected.contains(j)) {
            expect(items.get(j), accepted);
          }
        }
      } else {
        expect(sent, accepted);
      }
    }
    Set<String> logged =
        KafkaRecords.messages(kafka.bootstrapServers(), TOPIC).stream()
            .map(m -> m.path("messageId").asText())
            .collect(Collectors.toSet());
    assertThat(logged).as("seed " + seed).containsAll(accepted);
    System.out.printf(
        "MutationIT seed %d: %d requests, 200=%d 400=%d 401=%d 413=%d 415=%d, %d messages in Kafka%n",
        seed,
        requests,
        byStatus[200],
        byStatus[400],
        byStatus[401],
        byStatus[413],
        byStatus[415],
        accepted.size());
  }

  /** An accepted message that kept a usable messageId of its own must be found by it. */
  private static void expect(JsonNode message, Set<String> accepted) {
    JsonNode id = message.path("messageId");
    if (id.isTextual() && !id.textValue().isEmpty()) {
      accepted.add(id.textValue());
    }
  }
}
