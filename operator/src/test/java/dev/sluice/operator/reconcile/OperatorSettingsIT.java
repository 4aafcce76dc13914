package dev.sluice.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.api.compiler.ResourceSet;
import dev.sluice.api.v1alpha1.Source;
import dev.sluice.api.v1alpha1.SourceSpec;
import dev.sluice.operator.Examples;
import dev.sluice.operator.OperatorHarness;
import dev.sluice.operator.RbacRules;
import dev.sluice.operator.model.PodTemplates;
import dev.sluice.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator under other settings than the defaults, restarted with them as a new deployment of
 * it would be, and with Kafka unreachable (nothing here needs a broker: the generated objects are
 * written before any topic is asked for). Each test works in its own namespace.
 */
@EnableKubernetesMockClient(crud = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorSettingsIT {
  static KubernetesClient client;
  static KubernetesMockServer server;
  static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = new OperatorHarness(client, false);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void withKafkaUnreachableADeletedSourceGoesAfterTheTimeoutAndSaysItsTopicsWereLeft() {
    harness.restart(s -> settings(s, 1, Optional.empty()));
    String ns = "unreachable";
    Source temporary = new Source();
    temporary.setMetadata(new ObjectMetaBuilder().withName("temporary").build());
    temporary.setSpec(new SourceSpec(null, null, null, null, null, "Delete"));
    harness.apply(ns, new ResourceSet(List.of(temporary), List.of(), List.of(), List.of()));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                get(Source.class, ns, "temporary")
                    .getMetadata()
                    .getFinalizers()
                    .contains("sluice.dev/topic-deletion"));

    long start = System.nanoTime();
    client.resources(Source.class).inNamespace(ns).withName("temporary").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> get(Source.class, ns, "temporary") == null);
    // Held while the operator tried, then let go.
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(OperatorHarness.TOPIC_DELETION_TIMEOUT.minusSeconds(1));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client.v1().events().inNamespace(ns).list().getItems().stream()
                    .anyMatch(
                        e ->
                            "TopicLeft".equals(e.getReason())
                                && "Warning".equals(e.getType())
                                && e.getMessage().contains("sluice.unreachable.temporary")));
  }

  @Test
  void theGatewaysPodDisruptionBudgetGoesWhenItsReplicasDropToOne() {
    harness.restart(s -> settings(s, 2, Optional.empty()));
    String ns = "budget";
    ResourceSet quickstart = Examples.resources("quickstart");
    harness.apply(
        ns, new ResourceSet(quickstart.sources(), List.of(), List.of(), quickstart.secrets()));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> get(PodDisruptionBudget.class, ns, "sluice-gateway") != null);

    harness.restart(s -> settings(s, 1, Optional.empty()));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> get(PodDisruptionBudget.class, ns, "sluice-gateway") == null);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> get(Deployment.class, ns, "sluice-gateway").getSpec().getReplicas() == 1);
  }

  @Test
  void aChangedKafkaPropertiesSecretRollsTheGatewayAndTheWorkersWithoutShowingItsContent() {
    harness.restart(s -> settings(s, 1, Optional.of("kafka-client")));
    String ns = "kafka-properties";
    ResourceSet quickstart = Examples.resources("quickstart");
    Secret properties = kafkaProperties("first-password-8f3a");
    harness.apply(
        ns,
        new ResourceSet(
            quickstart.sources(),
            quickstart.destinations(),
            quickstart.connections(),
            Stream.concat(quickstart.secrets().stream(), Stream.of(properties)).toList()));
    String gateway = awaitRestartHash(ns, "sluice-gateway", null);
    String worker = awaitRestartHash(ns, "sluice-worker-local-hook", null);

    client
        .secrets()
        .inNamespace(ns)
        .withName("kafka-client")
        .edit(s -> kafkaProperties("second-password-c71e"));

    awaitRestartHash(ns, "sluice-gateway", gateway);
    awaitRestartHash(ns, "sluice-worker-local-hook", worker);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client.v1().events().inNamespace(ns).list().getItems().stream()
                    .anyMatch(
                        e ->
                            "RollingOut".equals(e.getReason())
                                && e.getMessage().startsWith("the gateway's")));
    for (HasMetadata object :
        Stream.of(
                client.apps().deployments().inNamespace(ns).list().getItems(),
                client.configMaps().inNamespace(ns).list().getItems(),
                client.resources(Source.class).inNamespace(ns).list().getItems(),
                client.v1().events().inNamespace(ns).list().getItems())
            .flatMap(List::stream)
            .map(HasMetadata.class::cast)
            .toList()) {
      assertThat(client.getKubernetesSerialization().asJson(object))
          .doesNotContain("password-")
          .doesNotContain(
              java.util.Base64.getEncoder().encodeToString("second-password-c71e".getBytes()));
    }
  }

  @Test
  void anActionsDestinationsWorkerRunsTheRuntimeBesideItAndANewRuntimeImageRollsIt() {
    harness.restart(s -> withRuntime(settings(s, 1, Optional.empty()), "runtime:1"));
    String ns = "actions";
    ResourceSet quickstart = Examples.resources("quickstart");
    // The quickstart's webhook Destination as one of Segment's action destinations.
    var hook = quickstart.destinations().get(0);
    var mapper = io.fabric8.kubernetes.client.utils.Serialization.jsonMapper();
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.valueToTree(hook.getSpec());
    tree.remove("webhook");
    tree.put("type", "actions");
    tree.set(
        "actions",
        mapper.valueToTree(
            Map.of(
                "destination",
                "amplitude",
                "settings",
                Map.of("apiKey", "k", "secretKey", "s"),
                "presets",
                true)));
    hook.setSpec(mapper.convertValue(tree, dev.sluice.api.v1alpha1.DestinationSpec.class));
    harness.apply(ns, quickstart);
    String worker = "sluice-worker-" + hook.getMetadata().getName();
    String before = awaitRestartHash(ns, worker, "");
    assertThat(get(Deployment.class, ns, worker).getSpec().getTemplate().getSpec().getContainers())
        .extracting(c -> c.getName() + " " + c.getImage())
        .containsExactly("worker " + OperatorHarness.IMAGE, "actions-runtime runtime:1");

    harness.restart(s -> withRuntime(s, "runtime:2"));
    awaitRestartHash(ns, worker, before);
    assertThat(
            get(Deployment.class, ns, worker)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(1)
                .getImage())
        .isEqualTo("runtime:2");
  }

  private static OperatorSettings withRuntime(OperatorSettings s, String image) {
    return new OperatorSettings(
        s.image(),
        s.imagePullPolicy(),
        s.kafkaBootstrapServers(),
        s.kafkaPropertiesSecret(),
        s.gateway(),
        new OperatorSettings.Worker(s.worker().command(), s.worker().resources(), image),
        s.labels(),
        s.annotations());
  }

  /** Runs last: every call the operator made here is one its ClusterRole allows. */
  @Test
  @Order(Integer.MAX_VALUE)
  void everyApiCallTheOperatorMadeIsAllowedByItsClusterRole() throws InterruptedException {
    List<RecordedRequest> operatorCalls = new java.util.ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      if (RbacRules.OPERATOR_AGENT.equals(request.getHeader("User-Agent"))) {
        operatorCalls.add(request);
      }
    }
    assertThat(RbacRules.calls(operatorCalls))
        .contains("delete policy/poddisruptionbudgets", "patch sluice.dev/sources");
    assertThat(RbacRules.load().refused(operatorCalls)).isEmpty();
  }

  private static Secret kafkaProperties(String password) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("kafka-client")
        .endMetadata()
        .withData(
            Map.of(
                PodTemplates.KAFKA_PROPERTIES_KEY,
                java.util.Base64.getEncoder()
                    .encodeToString(
                        ("security.protocol=SASL_SSL\nsasl.jaas.config=x required password=\""
                                + password
                                + "\";\n")
                            .getBytes())))
        .build();
  }

  /** The Deployment's restart hash once it exists and differs from {@code other}. */
  private static String awaitRestartHash(String ns, String deployment, String other) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              Deployment d = get(Deployment.class, ns, deployment);
              return d == null
                  ? null
                  : d.getSpec()
                      .getTemplate()
                      .getMetadata()
                      .getAnnotations()
                      .get(PodTemplates.RESTART_HASH);
            },
            hash -> hash != null && !hash.equals(other));
  }

  /** The defaults with these gateway replicas and Kafka properties Secret. */
  private static OperatorSettings settings(
      OperatorSettings current, int gatewayReplicas, Optional<String> kafkaPropertiesSecret) {
    OperatorSettings d =
        OperatorSettings.defaults(OperatorHarness.IMAGE, current.kafkaBootstrapServers());
    return new OperatorSettings(
        d.image(),
        d.imagePullPolicy(),
        d.kafkaBootstrapServers(),
        kafkaPropertiesSecret,
        new OperatorSettings.Gateway(
            d.gateway().command(),
            gatewayReplicas,
            d.gateway().resources(),
            d.gateway().port(),
            d.gateway().trustedProxies()),
        d.worker(),
        d.labels(),
        d.annotations());
  }

  private static <T extends HasMetadata> T get(Class<T> type, String ns, String name) {
    return client.resources(type).inNamespace(ns).withName(name).get();
  }
}
