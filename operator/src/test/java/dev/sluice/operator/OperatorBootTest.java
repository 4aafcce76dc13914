package dev.sluice.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.api.v1alpha1.Connection;
import dev.sluice.api.v1alpha1.ConnectionSpec;
import dev.sluice.api.v1alpha1.LocalObjectRef;
import dev.sluice.api.v1alpha1.Source;
import dev.sluice.api.v1alpha1.SourceSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator as Quarkus packages it: the three controllers are registered from configuration, the
 * repository's CRDs are applied to the mock API server, and a resource gets its status. The one
 * Quarkus boot of the suite (~10 s); behaviour is tested without Quarkus in {@code *IT}.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class OperatorBootTest {
  @Inject KubernetesClient client;
  @Inject Operator operator;

  @TestHTTPResource("/")
  URL root;

  @Test
  void theOperatorBootsWithItsControllersAndTheRepositorysCrds() {
    assertThat(operator.getRegisteredControllers())
        .extracting(c -> c.getConfiguration().getName())
        .containsExactlyInAnyOrder("source", "destination", "connection", "source-topics");
    assertThat(
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("connections.sluice.dev")
                .get())
        .isNotNull();

    Connection connection = new Connection();
    connection.setMetadata(new ObjectMetaBuilder().withName("c").withNamespace("boot").build());
    connection.setSpec(
        new ConnectionSpec(
            new LocalObjectRef("missing"), new LocalObjectRef("missing"), null, null, null, null));
    client.resource(connection).create();

    Condition ready =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  Connection c =
                      client.resources(Connection.class).inNamespace("boot").withName("c").get();
                  return c.getStatus() == null || c.getStatus().getConditions().isEmpty()
                      ? null
                      : c.getStatus().getConditions().get(0);
                },
                c -> c != null);
    assertThat(ready.getReason()).isEqualTo("SourceNotFound");
  }

  /**
   * As Quarkus wires it: only a Source whose topics go with it gets the finalizer, and with Kafka
   * unreachable (port 1 here) it lets go after the timeout (PT3S in the test profile).
   */
  @Test
  void onlyADeleteSourceHasTheFinalizerAndItLetsGoWhenKafkaIsUnreachable() {
    Source kept = source("kept", null);
    Source temporary = source("temporary", "Delete");
    client.resource(kept).create();
    client.resource(temporary).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("temporary").getMetadata().getFinalizers().contains(FINALIZER));
    assertThat(get("kept").getMetadata().getFinalizers()).isEmpty();

    client.resource(temporary).delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> get("temporary") == null);
  }

  private static final String FINALIZER = "sluice.dev/topic-deletion";

  private Source get(String name) {
    return client.resources(Source.class).inNamespace("boot").withName(name).get();
  }

  private static Source source(String name, String deletionPolicy) {
    Source source = new Source();
    source.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("boot").build());
    source.setSpec(new SourceSpec(null, null, null, null, null, deletionPolicy));
    return source;
  }

  /** What the Helm chart's probes and ServiceMonitor ask for. */
  @Test
  void healthAndMetricsAnswerWhereTheChartLooks() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String path : List.of("/q/health/live", "/q/health/ready", "/q/health/started")) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> get(http, path).statusCode(), status -> status == 200);
    }
    HttpResponse<String> metrics = get(http, "/q/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("jvm_memory_used_bytes");
  }

  private HttpResponse<String> get(HttpClient http, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(root.toString()).resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
