package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.SourceConfig;
import dev.sluice.api.config.WriteKeys;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.runtime.kafka.KafkaSettings;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Configuration swaps under load lose nothing; a graceful close finishes what it started. */
@ExtendWith(SluiceInfra.class)
class ReloadAndShutdownIT {
  static final String KEY = "wk_reload";
  static final String SECOND_KEY = "wk_reload_second";

  static EmbeddedKafka kafka;

  @BeforeAll
  static void start(EmbeddedKafka shared) {
    kafka = shared;
  }

  @AfterAll
  static void stop() {}

  static SourceConfig source(String name, List<String> keys) {
    return new SourceConfig(
        "test",
        name,
        "sluice.test." + name,
        "sluice.test." + name + ".rejected",
        keys.stream().map(WriteKeys::hash).toList(),
        true,
        Defaults.INGEST_LIMITS,
        List.of());
  }

  @Test
  void reloadingUnderLoadLosesNothingAndAppliesNewKeys() throws Exception {
    GatewayConfig one = new GatewayConfig(List.of(source("reload", List.of(KEY))));
    GatewayConfig two =
        new GatewayConfig(
            List.of(
                source("reload", List.of(KEY, SECOND_KEY)), source("other", List.of("wk_other"))));
    try (TestGateway gw = TestGateway.start(TestGateway.options(kafka.bootstrapServers()), one)) {
      assertThat(post(gw, SECOND_KEY, batch("probe-0", 1)).statusCode()).isEqualTo(401);

      AtomicBoolean running = new AtomicBoolean(true);
      Map<String, Integer> answers = new ConcurrentHashMap<>();
      ExecutorService senders = Executors.newFixedThreadPool(4);
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int worker = w;
        workers.add(
            senders.submit(
                () -> {
                  for (int n = 0; running.get() && n < 2000; n++) {
                    String prefix = "w" + worker + "-" + n;
                    int status = post(gw, KEY, batch(prefix, 10)).statusCode();
                    answers.put(prefix, status);
                  }
                  return null;
                }));
      }
      for (int i = 0; i < 40; i++) {
        gw.gateway.update(i % 2 == 0 ? two : one);
        int before = answers.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() > before);
      }
      gw.gateway.update(two);
      running.set(false);
      for (Future<?> worker : workers) {
        worker.get(60, TimeUnit.SECONDS);
      }
      senders.shutdown();

      assertThat(answers.values()).containsOnly(200);
      List<String> logged =
          KafkaRecords.messages(kafka.bootstrapServers(), "sluice.test.reload").stream()
              .map(m -> m.path("messageId").asText())
              .toList();
      List<String> expected = new ArrayList<>();
      answers
          .keySet()
          .forEach(
              prefix -> {
                for (int i = 0; i < 10; i++) {
                  expected.add(prefix + "-" + i);
                }
              });
      assertThat(logged).containsExactlyInAnyOrderElementsOf(expected);

      // The second key opens the Source only while the configuration holding it is current.
      assertThat(post(gw, SECOND_KEY, batch("second-a", 1)).statusCode()).isEqualTo(200);
      gw.gateway.update(one);
      assertThat(post(gw, SECOND_KEY, batch("second-b", 1)).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void closingFinishesRequestsInFlightAndRefusesNewOnes() throws Exception {
    GatewayConfig config = new GatewayConfig(List.of(source("closing", List.of(KEY))));
    // A long linger keeps each request waiting on Kafka for a second: close must wait for them.
    TestGateway gw =
        TestGateway.start(
            TestGateway.options(
                    KafkaSettings.of(kafka.bootstrapServers()).with(Map.of("linger.ms", "1000")))
                .build(),
            config);
    try {
      assertThat(post(gw, KEY, batch("warm", 1)).statusCode()).isEqualTo(200);
      List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        inFlight.add(postAsync(gw, KEY, batch("inflight-" + i, 5)));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> gw.gateway.inFlightRequests() == 5);
      io.vertx.core.Future<Void> closed = gw.gateway.close();

      List<Integer> statuses =
          inFlight.stream().map(f -> f.join().statusCode()).collect(Collectors.toList());
      assertThat(statuses).containsOnly(200);
      closed.await(60, TimeUnit.SECONDS);
      List<String> logged =
          KafkaRecords.messages(kafka.bootstrapServers(), "sluice.test.closing").stream()
              .map(m -> m.path("messageId").asText())
              .toList();
      for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 5; j++) {
          assertThat(logged).contains("inflight-" + i + "-" + j);
        }
      }
      // After close nothing listens: a new request cannot be accepted.
      CompletableFuture<HttpResponse<String>> late = postAsync(gw, KEY, batch("late", 1));
      assertThat(late).failsWithin(Duration.ofSeconds(30));
      assertThat(Collections.frequency(logged, "late-0")).isZero();
    } finally {
      gw.close();
    }
  }

  static String batch(String prefix, int count) {
    StringBuilder out = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < count; i++) {
      out.append(i > 0 ? "," : "")
          .append("{\"type\":\"track\",\"event\":\"Reloaded\",\"userId\":\"u-")
          .append(i)
          .append("\",\"messageId\":\"")
          .append(prefix)
          .append('-')
          .append(i)
          .append("\"}");
    }
    return out.append("]}").toString();
  }

  static HttpResponse<String> post(TestGateway gw, String key, String body) throws Exception {
    return postAsync(gw, key, body).get(60, TimeUnit.SECONDS);
  }

  static CompletableFuture<HttpResponse<String>> postAsync(
      TestGateway gw, String key, String body) {
    return gw.http.sendAsync(
        HttpRequest.newBuilder(gw.uri("/v1/batch"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", TestGateway.basic(key))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
