package dev.sluice.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.api.v1alpha1.Connection;
import dev.sluice.api.v1alpha1.ConnectionSpec;
import dev.sluice.api.v1alpha1.LocalObjectRef;
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
        .containsExactlyInAnyOrder("source", "destination", "connection");
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
