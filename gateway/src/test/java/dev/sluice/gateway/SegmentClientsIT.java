package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.ScreenMessage;
import com.segment.analytics.messages.TrackMessage;
import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The official clients, unchanged but for their host: analytics-java (posts to /v1/import with the
 * key in the body) and analytics-node (posts to /v1/batch with Basic auth). Every call lands in
 * Kafka once, enriched.
 */
@ExtendWith(SluiceInfra.class)
class SegmentClientsIT {
  static final String KEY = "wk_official_clients";
  static final String TOPIC = "sluice.test.clients";
  static final Path NODE_DIR = Path.of("target", "node-client");

  static EmbeddedKafka kafka;
  static TestGateway gw;

  @BeforeAll
  static void start(EmbeddedKafka shared) {
    kafka = shared;
    gw =
        TestGateway.start(
            TestGateway.options(kafka.bootstrapServers()),
            new GatewayConfig(
                List.of(TestGateway.source("clients", KEY, Defaults.INGEST_LIMITS, List.of()))));
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  @Test
  void analyticsJavaSendsAllSixCalls() throws Exception {
    String run = "java-" + UUID.randomUUID();
    List<Message> delivered = new CopyOnWriteArrayList<>();
    List<Throwable> failed = new CopyOnWriteArrayList<>();
    Analytics analytics =
        Analytics.builder(KEY)
            .endpoint("http://127.0.0.1:" + gw.gateway.port())
            .flushQueueSize(6)
            .flushInterval(1, TimeUnit.SECONDS)
            .callback(
                new Callback() {
                  @Override
                  public void success(Message message) {
                    delivered.add(message);
                  }

                  @Override
                  public void failure(Message message, Throwable throwable) {
                    failed.add(throwable);
                  }
                })
            .build();
    String user = run + "-user";
    analytics.enqueue(
        TrackMessage.builder("Order Completed")
            .userId(user)
            .messageId(run + "-track")
            .properties(Map.of("revenue", 42.5, "currency", "EUR")));
    analytics.enqueue(
        IdentifyMessage.builder()
            .userId(user)
            .messageId(run + "-identify")
            .traits(Map.of("plan", "pro")));
    analytics.enqueue(PageMessage.builder("Home").userId(user).messageId(run + "-page"));
    analytics.enqueue(ScreenMessage.builder("Cart").userId(user).messageId(run + "-screen"));
    analytics.enqueue(GroupMessage.builder("acme").userId(user).messageId(run + "-group"));
    analytics.enqueue(AliasMessage.builder(user).userId(run + "-new").messageId(run + "-alias"));
    analytics.flush();
    await().atMost(Duration.ofSeconds(60)).until(() -> delivered.size() + failed.size() >= 6);
    analytics.shutdown();
    assertThat(failed).isEmpty();

    Map<String, JsonNode> logged = loggedFor(run);
    assertThat(logged.keySet())
        .containsExactlyInAnyOrder(
            run + "-track",
            run + "-identify",
            run + "-page",
            run + "-screen",
            run + "-group",
            run + "-alias");
    JsonNode track = logged.get(run + "-track");
    assertThat(track.path("type").asText()).isEqualTo("track");
    assertThat(track.path("event").asText()).isEqualTo("Order Completed");
    assertThat(track.path("properties").path("revenue").asDouble()).isEqualTo(42.5);
    assertThat(track.path("context").path("library").path("name").asText())
        .isEqualTo("analytics-java");
    assertEnriched(logged.values());
    assertThat(logged.get(run + "-alias").path("previousId").asText()).isEqualTo(user);
  }

  @Test
  void analyticsNodeSendsAllSixCalls() throws Exception {
    installNodeClient();
    String run = "node-" + UUID.randomUUID();
    Path script = NODE_DIR.resolve("send.js");
    Files.writeString(
        script,
        String.join(
            "\n",
            "const { Analytics } = require('@segment/analytics-node');",
            "const run = process.env.RUN;",
            "const user = run + '-user';",
            "const analytics = new Analytics({ writeKey: process.env.WRITE_KEY,",
            "  host: 'http://127.0.0.1:' + process.env.PORT, flushAt: 6, maxRetries: 3 });",
            "let errors = 0;",
            "analytics.on('error', (e) => { errors++; console.error('error', e && (e.reason || e.code || e)); });",
            "analytics.track({ userId: user, messageId: run + '-track', event: 'Order Completed', properties: { revenue: 42.5 } });",
            "analytics.identify({ userId: user, messageId: run + '-identify', traits: { plan: 'pro' } });",
            "analytics.page({ userId: user, messageId: run + '-page', name: 'Home' });",
            "analytics.screen({ userId: user, messageId: run + '-screen', name: 'Cart' });",
            "analytics.group({ userId: user, messageId: run + '-group', groupId: 'acme' });",
            "analytics.alias({ userId: run + '-new', previousId: user, messageId: run + '-alias' });",
            "analytics.closeAndFlush({ timeout: 30000 }).then(() => {",
            "  console.log(errors === 0 ? 'sent' : 'failed');",
            "  process.exit(errors === 0 ? 0 : 1);",
            "});",
            ""),
        StandardCharsets.UTF_8);
    ProcessBuilder node = new ProcessBuilder("node", script.getFileName().toString());
    node.directory(NODE_DIR.toFile());
    node.environment().put("RUN", run);
    node.environment().put("WRITE_KEY", KEY);
    node.environment().put("PORT", Integer.toString(gw.gateway.port()));
    node.redirectErrorStream(true);
    Process process = node.start();
    boolean finished = process.waitFor(90, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) {
      process.destroyForcibly();
    }
    assertThat(finished).as("node finished: %s", output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("sent");

    Map<String, JsonNode> logged = loggedFor(run);
    assertThat(logged.keySet())
        .containsExactlyInAnyOrder(
            run + "-track",
            run + "-identify",
            run + "-page",
            run + "-screen",
            run + "-group",
            run + "-alias");
    JsonNode track = logged.get(run + "-track");
    assertThat(track.path("event").asText()).isEqualTo("Order Completed");
    assertThat(track.path("context").path("library").path("name").asText())
        .isEqualTo("@segment/analytics-node");
    assertEnriched(logged.values());
  }

  /** Every message of this run by messageId; a duplicate fails the test. */
  private static Map<String, JsonNode> loggedFor(String run) {
    List<JsonNode> ours =
        KafkaRecords.messages(kafka.bootstrapServers(), TOPIC).stream()
            .filter(m -> m.path("messageId").asText().startsWith(run))
            .collect(Collectors.toList());
    Map<String, JsonNode> byId =
        ours.stream().collect(Collectors.toMap(m -> m.path("messageId").asText(), m -> m));
    assertThat(byId).hasSameSizeAs(ours);
    return byId;
  }

  private static void assertEnriched(Iterable<JsonNode> messages) {
    assertThat(messages)
        .allSatisfy(
            m -> {
              assertThat(m.path("receivedAt").asText()).isNotEmpty();
              assertThat(m.path("timestamp").asText()).isNotEmpty();
              assertThat(m.path("context").path("ip").asText()).isEqualTo("127.0.0.1");
              assertThat(m.has("writeKey")).isFalse();
            });
  }

  /** A fresh clone gets the client here: npm install into target/, once. */
  private static void installNodeClient() throws IOException, InterruptedException {
    if (Files.isDirectory(NODE_DIR.resolve("node_modules/@segment/analytics-node"))) {
      return;
    }
    Files.createDirectories(NODE_DIR);
    Files.writeString(
        NODE_DIR.resolve("package.json"), "{\"name\":\"sluice-node-client\",\"private\":true}");
    Process npm =
        new ProcessBuilder(
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                NODE_DIR.toString(),
                "@segment/analytics-node@3.1.0")
            .redirectErrorStream(true)
            .start();
    boolean finished = npm.waitFor(240, TimeUnit.SECONDS);
    String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) {
      npm.destroyForcibly();
    }
    assertThat(finished && npm.exitValue() == 0).as("npm install failed: %s", output).isTrue();
  }
}
