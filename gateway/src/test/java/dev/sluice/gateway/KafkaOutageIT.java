package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.runtime.kafka.KafkaSettings;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kafka goes away mid-test: 503 with Retry-After, never a 200 for what was not logged. */
class KafkaOutageIT {
  static final String KEY = "wk_outage";
  static final String TOPIC = "sluice.test.outage";

  static EmbeddedKafka kafka;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    gw =
        TestGateway.start(
            TestGateway.options(KafkaSettings.of(kafka.bootstrapServers()))
                .deliveryTimeout(Duration.ofSeconds(3))
                .maxInFlight(40, 8L << 20)
                .build(),
            new GatewayConfig(
                List.of(TestGateway.source("outage", KEY, Defaults.INGEST_LIMITS, List.of()))));
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void whileKafkaIsDownRequestsGet503AndNothingUnloggedIsAcknowledged() throws Exception {
    List<String> acknowledged = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String id = "before-" + i;
      assertThat(send(id).join().statusCode()).isEqualTo(200);
      acknowledged.add(id);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> gw.gateway.readiness().problem() == null);

    kafka.stop();
    List<String> duringIds = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> during = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String id = "during-" + i + "-" + UUID.randomUUID();
      duringIds.add(id);
      during.add(send(id));
    }
    int unavailable = 0;
    for (int i = 0; i < during.size(); i++) {
      HttpResponse<String> answer = during.get(i).join();
      assertThat(answer.statusCode()).as(answer.body()).isIn(200, 503);
      if (answer.statusCode() == 503) {
        unavailable++;
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(answer.body()).containsAnyOf("kafka_unavailable", "overloaded");
      } else {
        acknowledged.add(duringIds.get(i));
      }
    }
    assertThat(unavailable).isPositive();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(gw.gateway.readiness().problem()).contains("Kafka"));

    kafka.restart();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> send("probe-" + UUID.randomUUID()).join().statusCode() == 200);
    for (int i = 0; i < 10; i++) {
      String id = "after-" + i;
      assertThat(send(id).join().statusCode()).isEqualTo(200);
      acknowledged.add(id);
    }

    Set<String> logged =
        KafkaRecords.messages(kafka.bootstrapServers(), TOPIC).stream()
            .map(m -> m.path("messageId").asText())
            .collect(Collectors.toSet());
    assertThat(logged).containsAll(acknowledged);
    await().atMost(Duration.ofSeconds(30)).until(() -> gw.gateway.readiness().problem() == null);
  }

  @Test
  void pastTheInFlightBoundRequestsGet503AtOnceInsteadOfQueueing() throws Exception {
    // A three-second linger holds the first batch in flight; the bound is its five messages.
    try (TestGateway slow =
        TestGateway.start(
            TestGateway.options(
                    KafkaSettings.of(kafka.bootstrapServers())
                        .with(java.util.Map.of("linger.ms", "3000")))
                .maxInFlight(5, 8L << 20)
                .build(),
            new GatewayConfig(
                List.of(TestGateway.source("bounded", KEY, Defaults.INGEST_LIMITS, List.of()))))) {
      CompletableFuture<HttpResponse<String>> first = batch(slow, "held", 5);
      await().atMost(Duration.ofSeconds(30)).until(() -> slow.gateway.kafkaInFlightMessages() == 5);
      HttpResponse<String> second = batch(slow, "refused", 1).join();
      assertThat(first).isNotDone();
      assertThat(second.statusCode()).isEqualTo(503);
      assertThat(second.headers().firstValue("Retry-After")).contains("1");
      assertThat(second.body()).contains("\"code\":\"overloaded\"");
      assertThat(first.join().statusCode()).isEqualTo(200);
      Set<String> logged =
          KafkaRecords.messages(kafka.bootstrapServers(), "sluice.test.bounded").stream()
              .map(m -> m.path("messageId").asText())
              .collect(Collectors.toSet());
      assertThat(logged).contains("held-0", "held-4").doesNotContain("refused-0");
    }
  }

  private static CompletableFuture<HttpResponse<String>> batch(
      TestGateway gateway, String prefix, int count) {
    StringBuilder body = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < count; i++) {
      body.append(i > 0 ? "," : "")
          .append("{\"type\":\"track\",\"event\":\"Bounded\",\"userId\":\"u\",\"messageId\":\"")
          .append(prefix)
          .append('-')
          .append(i)
          .append("\"}");
    }
    body.append("]}");
    return gateway.http.sendAsync(
        HttpRequest.newBuilder(gateway.uri("/v1/batch"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", TestGateway.basic(KEY))
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static CompletableFuture<HttpResponse<String>> send(String messageId) {
    String body =
        "{\"messageId\":\""
            + messageId
            + "\",\"userId\":\"u-"
            + messageId
            + "\",\"event\":\"Outage\"}";
    return gw.http.sendAsync(
        HttpRequest.newBuilder(gw.uri("/v1/track"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", TestGateway.basic(KEY))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
