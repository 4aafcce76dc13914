package dev.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chart renders, lints strictly, and says what the issue asks of it. */
class ChartTest {
  /** Every optional part on, and nothing at its default. */
  static final Map<String, Object> EVERYTHING =
      Map.of(
          "images",
          Map.of(
              "pullPolicy", "Always",
              "pullSecrets", List.of(Map.of("name", "registry")),
              "operator",
                  Map.of("repository", "registry.example.com/sluice/operator", "tag", "9.9.9"),
              "gateway",
                  Map.of(
                      "repository",
                      "registry.example.com/sluice/gateway",
                      "digest",
                      "sha256:" + "a".repeat(64)),
              "workers",
                  Map.of("repository", "registry.example.com/sluice/workers", "tag", "9.9.9")),
          "kafka",
          Map.of(
              "embedded",
                  Map.of("enabled", true, "persistence", Map.of("storageClassName", "fast")),
              "propertiesSecret", "kafka-client",
              "timeout", "PT30S"),
          "operator",
          Map.of(
              "replicas",
              2,
              "watchNamespaces",
              List.of("shop", "blog"),
              "reconcileThreads",
              20,
              "extraEnv",
              List.of(Map.of("name", "JAVA_TOOL_OPTIONS", "value", "-Xss512k"))),
          "dataPlane",
          Map.of(
              "labels", Map.of("team.example.com/owner", "data"),
              "annotations", Map.of("cost-center", "42"),
              "gateway",
                  Map.of(
                      "replicas",
                      3,
                      "port",
                      8081,
                      "trustedProxies",
                      List.of("10.0.0.0/8", "192.168.0.0/16"),
                      "resources",
                      Map.of("limits", Map.of("cpu", "2", "memory", "1Gi"))),
              "workers",
                  Map.of(
                      "resources",
                      Map.of("requests", Map.of("cpu", "250m"), "limits", Map.of("cpu", "1")))),
          "crds",
          Map.of("templated", true),
          "metrics",
          Map.of(
              "serviceMonitor", Map.of("enabled", true, "labels", Map.of("release", "prom")),
              "podMonitor", Map.of("enabled", true),
              "prometheusRule", Map.of("enabled", true),
              "dashboards", Map.of("enabled", true, "namespace", "monitoring")),
          "networkPolicy",
          Map.of("enabled", true, "metricsFrom", List.of(Map.of("namespaceSelector", Map.of()))));

  static final Map<String, Object> DEFAULTS =
      Map.of("kafka", Map.of("bootstrapServers", "kafka-bootstrap.kafka.svc:9092"));

  @Test
  void lintStrictPasses() {
    LintResult result = new Helm(Repo.chart()).lint().strict().call();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void lintStrictPassesWithEveryOptionalPartOn() throws IOException {
    // helm lint reads the chart's own values.yaml: lint a copy whose values turn everything on.
    Path copy = Chart.copy();
    Chart.writeValues(copy.resolve("values.yaml"), Chart.merged(EVERYTHING));
    LintResult result = new Helm(copy).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void defaultValuesRenderTheOperatorItsRbacAndNothingOptional() {
    Chart chart = Chart.render(DEFAULTS);
    assertThat(chart.objects())
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "ServiceAccount/sluice",
            "Service/sluice-operator",
            "Deployment/sluice-operator",
            "ClusterRole/sluice-operator",
            "ClusterRoleBinding/sluice-operator",
            "ClusterRole/sluice-view",
            "ClusterRole/sluice-edit");
    assertTyped(chart);
    assertRestricted(chart);
  }

  @Test
  void everyOptionalPartRendersAndParsesAsItsType() {
    Chart chart = Chart.render(EVERYTHING);
    assertTyped(chart);
    assertRestricted(chart);
    assertThat(chart.all(CustomResourceDefinition.class)).hasSize(3);
    assertThat(chart.all(ServiceMonitor.class)).hasSize(1);
    assertThat(chart.all(PodMonitor.class))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.getSpec().getNamespaceSelector().getMatchNames())
                    .containsExactly("shop", "blog"));
    assertThat(chart.all(PrometheusRule.class)).hasSize(1);
    assertThat(chart.all(StatefulSet.class))
        .singleElement()
        .satisfies(
            s ->
                assertThat(
                        s.getSpec()
                            .getVolumeClaimTemplates()
                            .get(0)
                            .getSpec()
                            .getStorageClassName())
                    .isEqualTo("fast"));
    assertThat(chart.all(NetworkPolicy.class))
        .extracting(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "sluice-system/sluice-operator",
            "sluice-system/sluice-kafka",
            "shop/sluice-gateway",
            "shop/sluice-workers",
            "blog/sluice-gateway",
            "blog/sluice-workers");
    // Scrapers are limited to metricsFrom, but the operator still reads the workers' /status.
    assertThat(
            chart.all(NetworkPolicy.class).stream()
                .filter(p -> p.getMetadata().getName().equals("sluice-workers"))
                .flatMap(p -> p.getSpec().getIngress().get(0).getFrom().stream())
                .filter(peer -> peer.getPodSelector() != null)
                .map(peer -> peer.getPodSelector().getMatchLabels()))
        .hasSize(2)
        .allSatisfy(
            labels -> assertThat(labels).containsEntry("app.kubernetes.io/component", "operator"));
    assertThat(
            chart
                .one(io.fabric8.kubernetes.api.model.ConfigMap.class, "sluice-dashboards")
                .getMetadata()
                .getNamespace())
        .isEqualTo("monitoring");
  }

  @Test
  void imagesAreSetByRepositoryAndTagOrByDigest() {
    Container operator = operatorContainer(Chart.render(EVERYTHING));
    assertThat(operator.getImage()).isEqualTo("registry.example.com/sluice/operator:9.9.9");
    assertThat(env(operator))
        .containsEntry("SLUICE_OPERATOR_IMAGE", "registry.example.com/sluice/workers:9.9.9")
        .containsEntry(
            "SLUICE_OPERATOR_GATEWAY_IMAGE",
            "registry.example.com/sluice/gateway@sha256:" + "a".repeat(64))
        .containsEntry("SLUICE_OPERATOR_IMAGE_PULL_POLICY", "Always");

    // An empty tag is the chart's appVersion.
    Container defaults = operatorContainer(Chart.render(DEFAULTS));
    assertThat(defaults.getImage()).isEqualTo("ghcr.io/sluice-dev/sluice-operator:0.1.0");
    assertThat(env(defaults))
        .containsEntry("SLUICE_OPERATOR_IMAGE", "ghcr.io/sluice-dev/sluice-workers:0.1.0")
        .containsEntry("SLUICE_OPERATOR_GATEWAY_IMAGE", "ghcr.io/sluice-dev/sluice-gateway:0.1.0")
        .containsEntry(
            "SLUICE_OPERATOR_ACTIONS_RUNTIME_IMAGE",
            "ghcr.io/sluice-dev/sluice-actions-runtime:0.1.0")
        .containsEntry("SLUICE_OPERATOR_KAFKA_BOOTSTRAP_SERVERS", "kafka-bootstrap.kafka.svc:9092");
  }

  @Test
  void theEmbeddedKafkaIsWhatTheOperatorIsGiven() {
    Chart chart = Chart.render(Map.of("kafka", Map.of("embedded", Map.of("enabled", true))));
    assertThat(env(operatorContainer(chart)))
        .containsEntry(
            "SLUICE_OPERATOR_KAFKA_BOOTSTRAP_SERVERS", "sluice-kafka.sluice-system.svc:9092");
    StatefulSet kafka = chart.one(StatefulSet.class, "sluice-kafka");
    assertThat(kafka.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("apache/kafka:4.4.0");
    assertThat(
            chart
                .one(io.fabric8.kubernetes.api.model.ConfigMap.class, "sluice-kafka")
                .getData()
                .get("server.properties"))
        .contains("advertised.listeners=PLAINTEXT://sluice-kafka.sluice-system.svc:9092")
        .contains("process.roles=broker,controller");
  }

  @Test
  void theKafkaPropertiesSecretReachesTheOperatorAndTheDataPlane() {
    Chart chart = Chart.render(EVERYTHING);
    Deployment deployment = chart.one(Deployment.class, "sluice-operator");
    assertThat(env(operatorContainer(chart)))
        .containsEntry("SLUICE_OPERATOR_KAFKA_PROPERTIES_SECRET", "kafka-client")
        .containsEntry(
            "SLUICE_OPERATOR_KAFKA_ADMIN_PROPERTIES_FILE", "/etc/sluice/kafka/kafka.properties");
    assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(
            v ->
                assertThat(v.getSecret())
                    .isNotNull()
                    .extracting("secretName")
                    .isEqualTo("kafka-client"));
  }

  @Test
  void theChartsCrdsAreExactlyTheRepositorysCrds() throws IOException {
    assertThat(fileNames(Repo.chart().resolve("crds")))
        .isEqualTo(fileNames(Repo.path("crds")))
        .isNotEmpty();
    for (String name : fileNames(Repo.path("crds")).keySet()) {
      assertThat(Files.readString(Repo.chart().resolve("crds").resolve(name)))
          .as(
              "helm/sluice/crds/%s differs from crds/%s: copy crds/*.yml into helm/sluice/crds/",
              name, name)
          .isEqualTo(Files.readString(Repo.path("crds").resolve(name)));
    }
  }

  @Test
  void templatedCrdsAreTheSameCrdsKeptOnUninstall() throws IOException {
    Chart chart = Chart.render(EVERYTHING);
    for (String name : fileNames(Repo.path("crds")).keySet()) {
      CustomResourceDefinition original =
          Chart.SERIALIZATION.unmarshal(
              Files.readString(Repo.path("crds").resolve(name)), CustomResourceDefinition.class);
      CustomResourceDefinition templated =
          chart.one(CustomResourceDefinition.class, original.getMetadata().getName());
      assertThat(templated.getMetadata().getAnnotations())
          .containsExactly(Map.entry("helm.sh/resource-policy", "keep"));
      assertThat(templated.getSpec()).isEqualTo(original.getSpec());
    }
  }

  @Test
  void theOperatorsClusterRoleHasExactlyTheRulesOfTheOperatorsRbacFile() throws IOException {
    List<PolicyRule> rules = operatorFileRules();
    assertThat(Files.readString(Repo.chart().resolve("files/operator-cluster-role.yaml")))
        .as(
            "helm/sluice/files/operator-cluster-role.yaml must be a copy of operator/rbac/cluster-role.yaml")
        .isEqualTo(Files.readString(Repo.path("operator/rbac/cluster-role.yaml")));

    Chart chart = Chart.render(DEFAULTS);
    assertThat(chart.one(ClusterRole.class, "sluice-operator").getRules()).isEqualTo(rules);
    ClusterRoleBinding binding = chart.one(ClusterRoleBinding.class, "sluice-operator");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getName()).isEqualTo("sluice");
              assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE);
            });
    assertThat(
            chart
                .one(Deployment.class, "sluice-operator")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getServiceAccountName())
        .isEqualTo("sluice");
  }

  @Test
  void listedNamespacesGetRolesWithTheSameRulesAndNoClusterRole() {
    Chart chart = Chart.render(EVERYTHING);
    assertThat(chart.find(ClusterRole.class, "sluice-operator")).isEmpty();
    // Rules on cluster-scoped kinds cannot live in a Role: they get a ClusterRole of their own.
    List<PolicyRule> clusterScoped =
        operatorFileRules().stream()
            .filter(
                r ->
                    r.getResources().contains("customresourcedefinitions")
                        || r.getResources().contains("namespaces"))
            .toList();
    if (clusterScoped.isEmpty()) {
      assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();
    } else {
      assertThat(chart.one(ClusterRole.class, "sluice-operator-cluster-scoped").getRules())
          .isEqualTo(clusterScoped);
      assertThat(chart.all(ClusterRoleBinding.class))
          .extracting(b -> b.getRoleRef().getName())
          .containsExactly("sluice-operator-cluster-scoped");
    }
    assertThat(
            chart.all(Role.class).stream()
                .filter(r -> r.getMetadata().getName().equals("sluice-operator")))
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("shop", "blog");
    for (Role role : chart.all(Role.class)) {
      if (role.getMetadata().getName().equals("sluice-operator")) {
        assertThat(role.getRules()).isEqualTo(operatorFileRules());
      }
    }
    assertThat(chart.all(RoleBinding.class))
        .extracting(b -> b.getMetadata().getNamespace() + "/" + b.getRoleRef().getName())
        .containsExactlyInAnyOrder(
            "shop/sluice-operator",
            "blog/sluice-operator",
            "sluice-system/sluice-operator-leader-election");
    Role leader = chart.one(Role.class, "sluice-operator-leader-election");
    assertThat(leader.getRules())
        .flatExtracting(PolicyRule::getResources)
        .containsExactlyInAnyOrder("events", "leases");
    assertThat(env(operatorContainer(chart)))
        .containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "shop,blog");
  }

  @Test
  void viewAndEditAggregateIntoTheBuiltInRoles() {
    Chart chart = Chart.render(DEFAULTS);
    ClusterRole view = chart.one(ClusterRole.class, "sluice-view");
    assertThat(view.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true");
    assertThat(view.getRules())
        .flatExtracting(PolicyRule::getVerbs)
        .containsOnly("get", "list", "watch");
    ClusterRole edit = chart.one(ClusterRole.class, "sluice-edit");
    assertThat(edit.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
        .doesNotContainKey("rbac.authorization.k8s.io/aggregate-to-view");
    assertThat(edit.getRules())
        .flatExtracting(PolicyRule::getResources)
        .containsExactlyInAnyOrder("sources", "destinations", "connections");
  }

  @Test
  void theHelmTestPostsAnEventToTheGatewayWithTheSourcesWriteKey() throws IOException {
    assertThat(Files.readString(Repo.chart().resolve("templates/tests/track-event.yaml")))
        .as("each of the Secret, the Source and the Pod is a test hook")
        .containsPattern("(?s)(helm.sh/hook: test.*){3}");
    Chart chart = Chart.renderWithTestHooks(DEFAULTS);
    assertTyped(chart);
    assertRestricted(chart);
    Pod pod = chart.one(Pod.class, "sluice-test-track");
    Container curl = pod.getSpec().getContainers().get(0);
    assertThat(env(curl)).containsEntry("GATEWAY", "http://sluice-gateway.sluice-system.svc:8080");
    assertThat(curl.getEnv())
        .anySatisfy(
            e ->
                assertThat(e.getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo("sluice-test-write-key"));
    assertThat(String.join(" ", curl.getCommand()))
        .contains("/v1/track")
        .contains("\"success\":true");
    assertThat(chart.one(Secret.class, "sluice-test-write-key").getStringData())
        .containsKey("writeKey");
    assertThat(chart.one(dev.sluice.api.v1alpha1.Source.class, "sluice-test").getSpec().writeKeys())
        .singleElement()
        .satisfies(k -> assertThat(k.secretKeyRef().name()).isEqualTo("sluice-test-write-key"));
  }

  static List<PolicyRule> operatorFileRules() {
    try {
      return Chart.SERIALIZATION
          .unmarshal(
              Files.readString(Repo.path("operator/rbac/cluster-role.yaml")), ClusterRole.class)
          .getRules();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Container operatorContainer(Chart chart) {
    return chart
        .one(Deployment.class, "sluice-operator")
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  static Map<String, String> env(Container container) {
    Map<String, String> env = new TreeMap<>();
    container.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
    return env;
  }

  /** Nothing stays generic: every kind the chart renders has its class. */
  private static void assertTyped(Chart chart) {
    assertThat(chart.objects())
        .isNotEmpty()
        .allSatisfy(
            o ->
                assertThat(o)
                    .as(o.getKind() + "/" + o.getMetadata().getName())
                    .isNotInstanceOf(GenericKubernetesResource.class));
  }

  /** The restricted Pod Security Standard on every pod the chart runs. */
  private static void assertRestricted(Chart chart) {
    List<PodSpec> pods =
        Stream.concat(
                Stream.concat(
                    chart.all(Deployment.class).stream()
                        .map(d -> d.getSpec().getTemplate().getSpec()),
                    chart.all(StatefulSet.class).stream()
                        .map(s -> s.getSpec().getTemplate().getSpec())),
                chart.all(Pod.class).stream().map(Pod::getSpec))
            .toList();
    assertThat(pods)
        .isNotEmpty()
        .allSatisfy(
            pod -> {
              assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
              assertThat(pod.getSecurityContext().getSeccompProfile().getType())
                  .isEqualTo("RuntimeDefault");
              assertThat(pod.getContainers())
                  .allSatisfy(
                      c -> {
                        assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
                        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
                        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
                        assertThat(c.getSecurityContext().getCapabilities().getDrop())
                            .containsExactly("ALL");
                        assertThat(c.getResources().getLimits()).containsKey("memory");
                      });
            });
  }

  private static Map<String, Long> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      Map<String, Long> names = new TreeMap<>();
      for (Path f : files.toList()) {
        names.put(f.getFileName().toString(), Files.size(f));
      }
      return names;
    }
  }
}
