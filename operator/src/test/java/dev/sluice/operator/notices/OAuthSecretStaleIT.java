package dev.sluice.operator.notices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.api.compiler.ResourceSet;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.operator.OperatorHarness;
import dev.sluice.operator.RbacRules;
import dev.sluice.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An actions Destination with OAuth gets OAuthSecretStale from what its ready worker pods serve on
 * their management port: the pods are the mock API server's, their management port a real loopback
 * HTTP server answering {@code GET /status} as a worker does.
 */
@EnableKubernetesMockClient(crud = true)
class OAuthSecretStaleIT {
  static KubernetesClient client;
  static KubernetesMockServer server;
  static OperatorHarness harness;
  static HttpServer worker;
  static final AtomicReference<String> status = new AtomicReference<>("{\"notices\":[]}");

  /** How many times the operator asked the worker: once per reconcile of the Destination. */
  static final java.util.concurrent.atomic.AtomicInteger requests =
      new java.util.concurrent.atomic.AtomicInteger();

  static final String NS = "hub";
  static final String POD_IP = "10.1.2.3";

  @BeforeAll
  static void start() throws Exception {
    worker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    worker.createContext(
        "/status",
        exchange -> {
          requests.incrementAndGet();
          byte[] body = status.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    worker.start();
    URI management = URI.create("http://127.0.0.1:" + worker.getAddress().getPort());
    harness = new OperatorHarness(client, false);
    // An actions Destination's worker needs the runtime image setting.
    harness.restart(
        s ->
            new OperatorSettings(
                s.image(),
                s.imagePullPolicy(),
                s.kafkaBootstrapServers(),
                s.kafkaPropertiesSecret(),
                s.gateway(),
                new OperatorSettings.Worker(s.worker().command(), s.worker().resources(), "rt:1"),
                s.labels(),
                s.annotations()));
    // Only the pod with this IP answers, at the loopback server.
    harness.restart(
        new WorkerNotices(
            pod ->
                WorkerNotices.podAddress(pod)
                    .filter(u -> u.getHost().equals(POD_IP))
                    .map(u -> management)));
  }

  @AfterAll
  static void stop() {
    harness.close();
    worker.stop(0);
  }

  @Test
  void aRefreshedTokenMakesTheSecretStaleInStatusWithOneWarningAndCurrentAgainAfterwards()
      throws InterruptedException {
    client.resource(readyWorkerPod("sluice-worker-actions-hub-1", POD_IP)).create();
    client.resource(unreadyWorkerPod("sluice-worker-actions-hub-2")).create();
    status.set(
        "{\"notices\":[{\"namespace\":\"hub\",\"destination\":\"actions-hub\","
            + "\"type\":\"oauthSecretStale\"},{\"namespace\":\"hub\",\"destination\":\"other\","
            + "\"type\":\"oauthSecretStale\"}]}");
    harness.apply(
        NS, new ResourceSet(List.of(), List.of(hubDestination()), List.of(), List.of(secret())));

    Condition stale = awaitCondition("True");
    assertThat(stale.getReason()).isEqualTo("TokenRefreshed");
    assertThat(stale.getMessage())
        .contains("Secret hub-creds key access (spec.actions.oauth.accessTokenRef)")
        .doesNotContain("hub-access-token");
    assertThat(warnings()).hasSize(1);

    // Another reconcile while still stale (an annotation changes no generation but is seen):
    // the condition stays, its transition time too, and there is no second Warning.
    String since = stale.getLastTransitionTime();
    int asked = requests.get();
    touch("1");
    await().atMost(Duration.ofSeconds(20)).until(() -> requests.get() > asked);
    assertThat(awaitCondition("True").getLastTransitionTime()).isEqualTo(since);

    // A worker restarted with a current Secret says nothing: the condition turns False.
    status.set("{\"notices\":[]}");
    touch("2");
    assertThat(awaitCondition("False").getReason()).isEqualTo("SecretCurrent");
    // Reconciles of one Destination run one at a time: the one after the touch has finished.
    assertThat(warnings()).hasSize(1);
    assertThat(client.getKubernetesSerialization().asJson(destination()))
        .doesNotContain("hub-access-token");
    // Listing the pods is a call the operator's ClusterRole allows.
    List<RecordedRequest> operatorCalls = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      if (RbacRules.OPERATOR_AGENT.equals(request.getHeader("User-Agent"))) {
        operatorCalls.add(request);
      }
    }
    assertThat(RbacRules.calls(operatorCalls)).contains("list core/pods");
    assertThat(RbacRules.load().refused(operatorCalls)).isEmpty();
  }

  private static Condition awaitCondition(String value) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Optional.ofNullable(destination())
                    .map(Destination::getStatus)
                    .flatMap(
                        s ->
                            s.getConditions().stream()
                                .filter(c -> "OAuthSecretStale".equals(c.getType()))
                                .findFirst())
                    .orElse(null),
            c -> c != null && value.equals(c.getStatus()));
  }

  private static Destination destination() {
    return client.resources(Destination.class).inNamespace(NS).withName("actions-hub").get();
  }

  private static void touch(String value) {
    client
        .resources(Destination.class)
        .inNamespace(NS)
        .withName("actions-hub")
        .edit(
            d -> {
              d.getMetadata().setAnnotations(Map.of("test/touch", value));
              return d;
            });
  }

  private static List<Event> warnings() {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType()) && "OAuthSecretStale".equals(e.getReason()))
        .toList();
  }

  private static Destination hubDestination() {
    return client
        .getKubernetesSerialization()
        .unmarshal(
            """
            apiVersion: sluice.dev/v1alpha1
            kind: Destination
            metadata: {name: actions-hub}
            spec:
              type: actions
              actions:
                destination: hubspot
                settings: {portalId: "1234"}
                oauth:
                  accessTokenRef: {name: hub-creds, key: access}
                subscriptions:
                  - subscribe: type = "track" and event = "Hub Signup"
                    action: sendCustomBehavioralEvent
                    mapping:
                      eventName: pe1234_signed_up
                      email: {"@path": "$.properties.email"}
            """,
            Destination.class);
  }

  private static Secret secret() {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("hub-creds")
        .endMetadata()
        .withStringData(Map.of("access", "hub-access-token"))
        .build();
  }

  private static Pod readyWorkerPod(String name, String ip) {
    return workerPod(name).editStatus().withPodIP(ip).endStatus().build();
  }

  private static Pod unreadyWorkerPod(String name) {
    Pod pod = workerPod(name).build();
    pod.getStatus().getConditions().get(0).setStatus("False");
    pod.getStatus().setPodIP("10.1.2.4");
    return pod;
  }

  private static PodBuilder workerPod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .withLabels(
            Map.of(
                "app.kubernetes.io/name", "sluice",
                "app.kubernetes.io/component", "worker",
                "app.kubernetes.io/instance", "sluice-worker-actions-hub"))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("worker")
        .withImage(OperatorHarness.IMAGE)
        .endContainer()
        .endSpec()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus();
  }
}
