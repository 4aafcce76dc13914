package dev.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.compiler.Compilation;
import dev.sluice.api.compiler.Compiler;
import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.TopicConfig;
import dev.sluice.api.manifest.ManifestFile;
import dev.sluice.api.manifest.ManifestReader;
import dev.sluice.api.manifest.ManifestSet;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.embedded.sink.RecordingSink;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric the Grafana dashboard and the PrometheusRule alerts use exists: the gateway and a
 * worker run as their own processes (as their images run them, configured by environment), events
 * go through a webhook that fails once with 500 (a retry) and once with 400 (a dead letter), a
 * Connection filters one type, one message is rejected, and both /metrics are scraped.
 */
@ExtendWith(SluiceInfra.class)
class DashboardMetricsIT {
  static final Pattern METRIC = Pattern.compile("\\bsluice_[a-z0-9_]+");
  static final String WRITE_KEY = "dashboard-write-key";
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void everyMetricTheDashboardAndTheAlertsUseIsExported(
      EmbeddedKafka kafka, RecordingSink hook, @TempDir Path dir) throws Exception {
    Set<String> used = new TreeSet<>();
    used.addAll(dashboardMetrics());
    used.addAll(alertMetrics());
    assertThat(used)
        .contains(
            "sluice_gateway_events_total",
            "sluice_gateway_rejected_total",
            "sluice_gateway_requests_total",
            "sluice_worker_delivered_total",
            "sluice_worker_filtered_total",
            "sluice_worker_retried_total",
            "sluice_worker_dead_lettered_total",
            "sluice_worker_consumer_lag",
            "sluice_worker_delivery_latency_seconds_bucket");

    Compilation compilation = compile(hook.url("/hook"));
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin
          .createTopics(
              compilation.topics().stream()
                  .map(TopicConfig::name)
                  .map(name -> new NewTopic(name, 1, (short) 1))
                  .toList())
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    Path gatewayFile = dir.resolve("gateway.json");
    Path workerFile = dir.resolve("worker.json");
    Files.writeString(gatewayFile, ConfigJson.write(compilation.gateway()));
    Files.writeString(workerFile, ConfigJson.write(compilation.workers().get(0)));

    // Logs stay in target/ after the run, to read when the test fails.
    Path logs = Files.createDirectories(Path.of("target/dashboard-metrics"));
    int port = freePort();
    int gatewayManagement = freePort();
    int workerManagement = freePort();
    // The first delivery fails with 500 (retried), the next with 400 (dead-lettered).
    hook.respondWith(500, 400);
    try (Proc gateway =
            Proc.start(
                "dev.sluice.gateway.GatewayMain",
                logs.resolve("gateway.log"),
                Map.of(
                    "SLUICE_CONFIG", gatewayFile.toString(),
                    "SLUICE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "SLUICE_HOST", "127.0.0.1",
                    "SLUICE_PORT", String.valueOf(port),
                    "SLUICE_MANAGEMENT_PORT", String.valueOf(gatewayManagement)));
        Proc worker =
            Proc.start(
                "dev.sluice.workers.WorkerMain",
                logs.resolve("worker.log"),
                Map.of(
                    "SLUICE_CONFIG", workerFile.toString(),
                    "SLUICE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "SLUICE_HOST", "127.0.0.1",
                    "SLUICE_MANAGEMENT_PORT", String.valueOf(workerManagement)))) {
      awaitReady(gatewayManagement, gateway);
      awaitReady(workerManagement, worker);

      String batch =
          "{\"batch\":["
              + "{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u1\"},"
              + "{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u2\"},"
              + "{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u3\"},"
              + "{\"type\":\"identify\",\"userId\":\"u4\",\"traits\":{\"plan\":\"pro\"}},"
              + "{\"type\":\"track\",\"userId\":\"u5\"}]}";
      HttpResponse<String> answer = post(port, "/v1/batch", batch);
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).contains("\"rejected\"");

      Set<String> exported = new TreeSet<>();
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                exported.clear();
                exported.addAll(scrape(gatewayManagement));
                exported.addAll(scrape(workerManagement));
                return exported.containsAll(used);
              });
      assertThat(exported).containsAll(used);
    }
  }

  /** Metric names in the dashboard's queries (panel targets and template variables). */
  static Set<String> dashboardMetrics() throws IOException {
    JsonNode dashboard =
        new ObjectMapper().readTree(Repo.chart().resolve("dashboards/sluice.json").toFile());
    Set<String> names = new TreeSet<>();
    for (JsonNode expr : dashboard.findValues("expr")) {
      names.addAll(metrics(expr.asText()));
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      names.addAll(metrics(variable.path("definition").asText()));
    }
    return names;
  }

  /** Metric names in the PrometheusRule's alert expressions, as the chart renders them. */
  static Set<String> alertMetrics() {
    Chart chart =
        Chart.render(
            Map.of(
                "kafka", Map.of("bootstrapServers", "kafka:9092"),
                "metrics", Map.of("prometheusRule", Map.of("enabled", true))));
    Set<String> names = new TreeSet<>();
    for (PrometheusRule rule : chart.all(PrometheusRule.class)) {
      for (var group : rule.getSpec().getGroups()) {
        for (Rule r : group.getRules()) {
          names.addAll(metrics(r.getExpr().getStrVal()));
        }
      }
    }
    assertThat(names).isNotEmpty();
    return names;
  }

  static Set<String> metrics(String promql) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(promql);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  /** Sample names in Prometheus' text format. */
  private Set<String> scrape(int managementPort) throws Exception {
    String text = get(managementPort, "/metrics").body();
    Set<String> names = new TreeSet<>();
    for (String line : text.split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  private static Compilation compile(String hookUrl) {
    String manifests =
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: web-key}
        stringData: {writeKey: %s}
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Source
        metadata: {name: web}
        spec:
          writeKeys: [{secretKeyRef: {name: web-key, key: writeKey}}]
          topic: {partitions: 1}
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Destination
        metadata: {name: hook}
        spec:
          type: webhook
          webhook: {url: "%s", timeout: PT5S}
          delivery: {retry: 3, backoffPolicy: linear, backoffDelay: PT0.1S, deadLetter: {enabled: true}}
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Connection
        metadata: {name: web-to-hook}
        spec:
          sourceRef: {name: web}
          destinationRef: {name: hook}
          filter: {types: [track]}
          start: earliest
        """
            .formatted(WRITE_KEY, hookUrl);
    ManifestSet set =
        new ManifestReader().read(List.of(new ManifestFile("dashboard.yaml", manifests)));
    assertThat(set.hasErrors()).as(String.valueOf(set.problems())).isFalse();
    Compilation compilation = new Compiler().compile(set.resources());
    assertThat(compilation.hasErrors()).as(String.valueOf(compilation.diagnostics())).isFalse();
    return compilation;
  }

  private void awaitReady(int managementPort, Proc process) {
    await()
        .atMost(Duration.ofSeconds(90))
        .ignoreExceptions()
        .failFast("the process ended: see " + process.log, () -> !process.process.isAlive())
        .until(() -> get(managementPort, "/readyz").statusCode() == 200);
  }

  private HttpResponse<String> post(int port, String path, String body) throws Exception {
    String auth =
        Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Basic " + auth)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A data-plane main in its own JVM, configured by environment alone, as in its image. */
  record Proc(Process process, Path log) implements AutoCloseable {
    static Proc start(String main, Path log, Map<String, String> env) throws IOException {
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  main)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().putAll(env);
      return new Proc(builder.start(), log);
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
