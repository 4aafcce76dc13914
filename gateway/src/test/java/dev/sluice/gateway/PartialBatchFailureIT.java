package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.runtime.kafka.KafkaSettings;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11: a batch that fails part-way through logging. Here one record is larger than the Source
 * topic accepts (its {@code max.message.bytes} is below the Source's message limit), so Kafka
 * refuses that record's producer batch and acknowledges the others: the whole request is answered
 * 503, what was logged stays logged, and the client's retry logs it again under the same
 * messageIds, which the workers' messageId dedup then removes (decision 0116).
 */
@ExtendWith(SluiceInfra.class)
class PartialBatchFailureIT {
  static final String KEY = "wk_partial";

  @Test
  void aBatchFailingPartWayIsAnswered503AndItsRetryRelogsUnderTheSameMessageIds(EmbeddedKafka kafka)
      throws Exception {
    String topic = "sluice.test.partial";
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, 4, (short) 1).configs(Map.of("max.message.bytes", "4000"))))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    try (TestGateway gw =
        TestGateway.start(
            TestGateway.options(KafkaSettings.of(kafka.bootstrapServers())).build(),
            new GatewayConfig(
                List.of(TestGateway.source("partial", KEY, Defaults.INGEST_LIMITS, List.of()))))) {
      StringBuilder body = new StringBuilder("{\"batch\":[");
      for (int i = 0; i < 12; i++) {
        body.append(message("small-" + i, "user-" + i, "x")).append(',');
      }
      // 12 KB that lz4 cannot shrink: within the gateway's 32 KB, over the topic's 4,000 bytes.
      byte[] noise = new byte[9_000];
      new Random(11).nextBytes(noise);
      body.append(message("big", "user-big", Base64.getEncoder().encodeToString(noise)));
      body.append("]}");

      HttpResponse<String> first = send(gw, body.toString());
      assertThat(first.statusCode()).as(first.body()).isEqualTo(503);
      assertThat(first.body()).contains("kafka_unavailable");
      List<String> afterFirst = loggedIds(kafka, topic);
      assertThat(afterFirst).as("part of the batch was logged").isNotEmpty().doesNotContain("big");

      HttpResponse<String> retry = send(gw, body.toString());
      assertThat(retry.statusCode()).isEqualTo(503);
      List<String> afterRetry = loggedIds(kafka, topic);
      // The retry logged the same messages again, under the messageIds the client gave them.
      List<String> again = new ArrayList<>(afterRetry);
      afterFirst.forEach(again::remove);
      assertThat(again).containsExactlyInAnyOrderElementsOf(afterFirst);
      System.out.printf(
          "partial batch: 13 messages, %d logged by the first attempt, %d records after the"
              + " retry (all duplicates carry the client's messageId)%n",
          afterFirst.size(), afterRetry.size());
    }
  }

  private static String message(String id, String user, String payload) {
    return "{\"type\":\"track\",\"event\":\"Partial\",\"userId\":\""
        + user
        + "\",\"messageId\":\""
        + id
        + "\",\"properties\":{\"payload\":\""
        + payload
        + "\"}}";
  }

  private static HttpResponse<String> send(TestGateway gw, String body) throws Exception {
    return gw.post(
        "/v1/batch",
        body,
        "Authorization",
        TestGateway.basic(KEY),
        "Content-Type",
        "application/json");
  }

  private static List<String> loggedIds(EmbeddedKafka kafka, String topic) {
    return KafkaRecords.messages(kafka.bootstrapServers(), topic).stream()
        .map(m -> m.path("messageId").asText())
        .sorted()
        .collect(Collectors.toList());
  }
}
