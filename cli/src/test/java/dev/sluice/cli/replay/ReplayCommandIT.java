package dev.sluice.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.compiler.Names;
import dev.sluice.api.message.MessageJson;
import dev.sluice.cli.CommandRun;
import dev.sluice.cli.local.LocalRunner;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.embedded.sink.RecordedRequest;
import dev.sluice.embedded.sink.RecordingSink;
import dev.sluice.runtime.deadletter.DeadLetter;
import dev.sluice.runtime.deadletter.DeadLetterReader;
import dev.sluice.runtime.kafka.KafkaClients;
import dev.sluice.runtime.kafka.KafkaSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice replay} end to end: a webhook Destination that fails dead-letters everything; once
 * it works again, a replay delivers exactly the dead-lettered messages once, to that Destination
 * only, although its worker has seen every messageId before; a second Destination reading the same
 * Source gets each message once and never a replay.
 */
@ExtendWith(SluiceInfra.class)
class ReplayCommandIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final String KEY = "replay-write-key";
  private static final int MESSAGES = 12;

  @TempDir Path temp;

  @Test
  void deadLettersAreReplayedToTheFailedDestinationOnly(EmbeddedKafka kafka) throws Exception {
    String ns = "replay" + UUID.randomUUID().toString().substring(0, 6);
    try (RecordingSink failing = new RecordingSink().start(0);
        RecordingSink other = new RecordingSink().start(0)) {
      failing.respondAlways(500);
      Path manifests = temp.resolve("manifests");
      Files.createDirectories(manifests);
      Files.writeString(manifests.resolve("all.yaml"), manifests(ns, failing, other));
      LocalRunner.Options options =
          new LocalRunner.Options(
              manifests,
              temp.resolve("data"),
              kafka.bootstrapServers(),
              "127.0.0.1",
              0,
              0,
              Duration.ofMillis(500));
      try (LocalRunner runner =
          LocalRunner.start(options, new PrintWriter(new StringWriter(), true))) {
        assertThat(runner.awaitReady(DEADLINE)).isNull();
        List<String> ids = IntStream.range(0, MESSAGES).mapToObj(i -> "m-" + i + "-" + ns).toList();
        assertThat(post(runner.gatewayUrl(), ids)).isEqualTo(200);

        KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
        String dlq = Names.deadLetterTopic(ns, "hook");
        List<DeadLetter> letters;
        try (DeadLetterReader reader = new DeadLetterReader(settings, dlq, DEADLINE)) {
          await().atMost(DEADLINE).until(reader::count, n -> n == MESSAGES);
          letters = reader.read(100).letters();
        }
        assertThat(letters)
            .allSatisfy(
                d -> {
                  assertThat(d.failure().connection()).isEqualTo("shop-to-hook");
                  assertThat(d.failure().lastStatus()).isEqualTo(500);
                  assertThat(d.failure().attempts()).isGreaterThanOrEqualTo(2);
                });
        await().atMost(DEADLINE).until(() -> ids(other.succeeded()).size() == MESSAGES);
        assertThat(failing.succeeded()).isEmpty();
        failing.respondAlways(200);

        String[] common = {
          "replay",
          "hook",
          "-n",
          ns,
          "--kafka",
          kafka.bootstrapServers(),
          "--manifests",
          manifests.toString()
        };
        CommandRun listed = CommandRun.of(common);
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out())
            .contains(MESSAGES + " dead letter(s) in " + dlq)
            .contains("shop-to-hook  attempts ")
            .contains("last status 500")
            .contains("messageId m-0-" + ns);

        CommandRun dry = CommandRun.of(concat(common, "--all", "--dry-run"));
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Would replay " + MESSAGES + " dead letter(s)");

        CommandRun all = CommandRun.of(concat(common, "--all"));
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out())
            .contains("Replayed " + MESSAGES + " dead letter(s) to " + ns + "/hook");
        await().atMost(DEADLINE).until(() -> failing.succeeded().size() >= MESSAGES);

        // One letter again, by its position: one more delivery of that message, nothing else.
        DeadLetter one = letters.get(3);
        CommandRun single = CommandRun.of(concat(common, "--offset", one.position().toString()));
        assertThat(single.exitCode()).as(single.err()).isZero();
        await().atMost(DEADLINE).until(() -> failing.succeeded().size() >= MESSAGES + 1);

        // Both workers have read everything in the Source topic, replays included.
        String topic = Names.sourceTopic(ns, "shop");
        awaitConsumed(settings, Names.consumerGroup(ns, "hook"), topic);
        awaitConsumed(settings, Names.consumerGroup(ns, "other"), topic);

        Map<String, Long> hook = counts(failing.succeeded());
        String again = MessageJson.mapper().readTree(one.value()).path("messageId").asText();
        assertThat(hook.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        hook.forEach((id, n) -> assertThat(n).as(id).isEqualTo(id.equals(again) ? 2L : 1L));
        assertThat(failing.succeeded()).hasSize(MESSAGES + 1);
        assertThat(counts(other.succeeded()))
            .hasSize(MESSAGES)
            .allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
        assertThat(other.requests()).hasSize(MESSAGES);

        CommandRun missing = CommandRun.of(concat(common, "--offset", "0:9999"));
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("No dead letter at 0:9999");
        CommandRun unknown =
            CommandRun.of(
                "replay",
                "nope",
                "-n",
                ns,
                "--kafka",
                kafka.bootstrapServers(),
                "--manifests",
                manifests.toString(),
                "--all");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("Destination " + ns + "/nope is not in");
      }
    }
  }

  private static String manifests(String ns, RecordingSink failing, RecordingSink other) {
    return """
        apiVersion: v1
        kind: Secret
        metadata: {name: shop-key, namespace: NS}
        stringData: {writeKey: KEY}
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Source
        metadata: {name: shop, namespace: NS}
        spec:
          writeKeys: [{secretKeyRef: {name: shop-key, key: writeKey}}]
          topic: {partitions: 2}
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Destination
        metadata: {name: hook, namespace: NS}
        spec:
          type: webhook
          webhook: {url: "FAILING", timeout: PT5S}
          delivery: {retry: 2, backoffDelay: PT0.1S, maxBackoff: PT0.2S, maxRetryDuration: PT2S,
                     deadLetter: {enabled: true}}
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Destination
        metadata: {name: other, namespace: NS}
        spec:
          type: webhook
          webhook: {url: "OTHER", timeout: PT5S}
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Connection
        metadata: {name: shop-to-hook, namespace: NS}
        spec: {sourceRef: {name: shop}, destinationRef: {name: hook}, start: earliest}
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Connection
        metadata: {name: shop-to-other, namespace: NS}
        spec: {sourceRef: {name: shop}, destinationRef: {name: other}, start: earliest}
        """
        .replace("NS", ns)
        .replace("KEY", KEY)
        .replace("FAILING", failing.url("/hook"))
        .replace("OTHER", other.url("/other"));
  }

  private static int post(String gateway, List<String> ids) throws Exception {
    String batch =
        ids.stream()
            .map(
                id ->
                    "{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u-"
                        + id
                        + "\",\"messageId\":\""
                        + id
                        + "\"}")
            .collect(Collectors.joining(",", "{\"batch\":[", "]}"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(gateway + "/v1/batch"))
            .header(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(batch))
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private static void awaitConsumed(KafkaSettings settings, String group, String topic) {
    try (Admin admin = Admin.create(KafkaClients.admin(settings, "replay-test"))) {
      List<TopicPartition> tps =
          List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
      await()
          .atMost(DEADLINE)
          .until(
              () -> {
                ListOffsetsResult ends =
                    admin.listOffsets(
                        tps.stream()
                            .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())));
                Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                for (TopicPartition tp : tps) {
                  OffsetAndMetadata c = committed.get(tp);
                  if (c == null || c.offset() < ends.partitionResult(tp).get().offset()) {
                    return false;
                  }
                }
                return true;
              });
    }
  }

  private static List<String> ids(List<RecordedRequest> requests) {
    List<String> out = new ArrayList<>();
    for (RecordedRequest r : requests) {
      try {
        JsonNode m = MessageJson.mapper().readTree(r.body());
        out.add(m.path("messageId").asText());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }

  private static Map<String, Long> counts(List<RecordedRequest> requests) {
    return ids(requests).stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
