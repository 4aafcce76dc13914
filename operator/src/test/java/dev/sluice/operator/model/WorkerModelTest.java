package dev.sluice.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.compiler.Compilation;
import dev.sluice.api.compiler.Compiler;
import dev.sluice.api.compiler.ResourceSet;
import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.api.v1alpha1.Connection;
import dev.sluice.api.v1alpha1.ConnectionSpec;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.api.v1alpha1.WorkerResources;
import dev.sluice.operator.Examples;
import dev.sluice.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkerModelTest {
  private static final OperatorSettings SETTINGS =
      OperatorSettings.defaults("ghcr.io/sluice/sluice:1.0", "kafka:9092");

  @Test
  void theSecretHoldsOnlyItsOwnDestinationsConfiguration() {
    ResourceSet resources = Examples.resources("quickstart");
    WorkerModel hook = model(resources, "local-hook", SETTINGS);

    Secret secret = hook.secret();
    assertThat(secret.getMetadata().getName()).isEqualTo("sluice-worker-local-hook");
    WorkerConfig config =
        ConfigJson.read(decode(secret, WorkerModel.CONFIG_FILE), WorkerConfig.class);
    assertThat(config.destination()).isEqualTo("local-hook");
    assertThat(config.connections())
        .extracting(c -> c.name())
        .containsExactly("web-shop-to-local-hook");
    assertThat(secret.getData()).containsOnlyKeys(WorkerModel.CONFIG_FILE);
    assertThat(decode(secret, WorkerModel.CONFIG_FILE))
        .contains("quickstart-signing-secret")
        .doesNotContain("quickstart-write-key");
  }

  @Test
  void theDeploymentRunsTheWorkerOnItsMountedSecretAsThePodConventionsSay() {
    ResourceSet resources = Examples.resources("quickstart");
    Deployment deployment = model(resources, "local-hook", SETTINGS).deployment();

    assertThat(deployment.getMetadata().getName()).isEqualTo("sluice-worker-local-hook");
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(deployment.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getKind()).isEqualTo("Destination");
              assertThat(owner.getName()).isEqualTo("local-hook");
              assertThat(owner.getUid()).isEqualTo("uid-Destination-local-hook");
              assertThat(owner.getController()).isTrue();
              assertThat(owner.getBlockOwnerDeletion()).isFalse();
            });
    assertThat(deployment.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/name", "sluice")
        .containsEntry("app.kubernetes.io/component", "worker")
        .containsEntry("app.kubernetes.io/instance", "sluice-worker-local-hook")
        .containsEntry("app.kubernetes.io/managed-by", "sluice-operator")
        .containsEntry("app.kubernetes.io/part-of", "sluice");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .isEqualTo(
            deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet().stream()
                .filter(
                    e ->
                        deployment.getSpec().getSelector().getMatchLabels().containsKey(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));

    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("ghcr.io/sluice/sluice:1.0");
    assertThat(container.getCommand()).last().isEqualTo("dev.sluice.workers.WorkerMain");
    assertThat(env(container))
        .containsEntry("SLUICE_CONFIG", "/etc/sluice/config/worker.json")
        .containsEntry("SLUICE_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
        .containsEntry("SLUICE_MANAGEMENT_PORT", "9090")
        .doesNotContainKey("SLUICE_KAFKA_PROPERTIES_FILE");
    assertThat(container.getEnv())
        .filteredOn(e -> e.getName().equals("SLUICE_INSTANCE_ID"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.name"));
    assertThat(pod.getVolumes())
        .anySatisfy(
            v -> assertThat(v.getSecret().getSecretName()).isEqualTo("sluice-worker-local-hook"));
    assertThat(container.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/etc/sluice/config");
              // A subPath mount would never see an updated Secret: the whole directory is mounted.
              assertThat(m.getSubPath()).isNull();
            });
    PodSecurity.assertLockedDown(pod);
  }

  @Test
  void replicasComeFromTheDestinationsSpec() {
    ResourceSet resources = Examples.resources("quickstart");
    Destination hook = destination(resources, "local-hook");
    hook.setSpec(with(hook, "replicas", 4));
    assertThat(model(resources, "local-hook", SETTINGS).deployment().getSpec().getReplicas())
        .isEqualTo(4);
  }

  @Test
  void resourcesComeFromTheDestinationsSpecWithTheOperatorsDefaultsForWhatItLeavesOut() {
    ResourceSet resources = Examples.resources("quickstart");
    Destination hook = destination(resources, "local-hook");
    hook.setSpec(
        with(
            hook,
            "resources",
            new WorkerResources(
                new WorkerResources.Quantities("500m", null),
                new WorkerResources.Quantities("2", "1Gi"))));
    var requirements =
        model(resources, "local-hook", SETTINGS)
            .deployment()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getResources();

    assertThat(requirements.getRequests())
        .containsEntry("cpu", new Quantity("500m"))
        .containsEntry("memory", new Quantity("256Mi"));
    assertThat(requirements.getLimits())
        .containsEntry("cpu", new Quantity("2"))
        .containsEntry("memory", new Quantity("1Gi"));
  }

  @Test
  void aResourcesChangeRollsThePodsAndAReplicasChangeDoesNot() {
    ResourceSet resources = Examples.resources("quickstart");
    Destination hook = destination(resources, "local-hook");
    String hash = restartHash(model(resources, "local-hook", SETTINGS).deployment());

    hook.setSpec(with(hook, "replicas", 3));
    assertThat(restartHash(model(resources, "local-hook", SETTINGS).deployment())).isEqualTo(hash);
    hook.setSpec(
        with(
            hook,
            "resources",
            new WorkerResources(null, new WorkerResources.Quantities(null, "2Gi"))));
    assertThat(restartHash(model(resources, "local-hook", SETTINGS).deployment()))
        .isNotEqualTo(hash);
  }

  @Test
  void aConnectionEditChangesTheSecretButNotThePodTemplate() {
    ResourceSet before = Examples.resources("quickstart");
    WorkerModel old = model(before, "local-hook", SETTINGS);

    ResourceSet after = Examples.resources("quickstart");
    Connection connection =
        after.connections().stream()
            .filter(c -> c.getMetadata().getName().equals("web-shop-to-local-hook"))
            .findFirst()
            .orElseThrow();
    ConnectionSpec spec = connection.getSpec();
    connection.setSpec(
        new ConnectionSpec(
            spec.sourceRef(),
            spec.destinationRef(),
            spec.enabled(),
            new ConnectionSpec.Filter(List.of("identify"), null, null, null),
            spec.transform(),
            spec.start()));
    WorkerModel edited = model(after, "local-hook", SETTINGS);

    assertThat(edited.secret().getData()).isNotEqualTo(old.secret().getData());
    assertThat(edited.deployment()).isEqualTo(old.deployment());
  }

  @Test
  void anImageOrKafkaChangeRollsThePodsThroughTheRestartHash() {
    ResourceSet resources = Examples.resources("quickstart");
    String hash = restartHash(model(resources, "local-hook", SETTINGS).deployment());
    OperatorSettings otherKafka =
        OperatorSettings.defaults("ghcr.io/sluice/sluice:1.0", "other-kafka:9092");
    OperatorSettings otherImage =
        OperatorSettings.defaults("ghcr.io/sluice/sluice:1.1", "kafka:9092");

    assertThat(hash).isNotBlank();
    assertThat(restartHash(model(resources, "local-hook", otherKafka).deployment()))
        .isNotEqualTo(hash);
    assertThat(restartHash(model(resources, "local-hook", otherImage).deployment()))
        .isNotEqualTo(hash);
  }

  @Test
  void userLabelsAndAnnotationsFromTheOperatorSettingsGoOnObjectsAndPods() {
    OperatorSettings settings =
        new OperatorSettings(
            SETTINGS.image(),
            SETTINGS.imagePullPolicy(),
            SETTINGS.kafkaBootstrapServers(),
            java.util.Optional.of("kafka-client"),
            SETTINGS.gateway(),
            SETTINGS.worker(),
            Map.of("team", "data", "app.kubernetes.io/name", "mine"),
            Map.of("example.com/owner", "data-team"));
    WorkerModel model = model(Examples.resources("quickstart"), "local-hook", settings);

    for (var meta :
        List.of(
            model.secret().getMetadata(),
            model.deployment().getMetadata(),
            model.deployment().getSpec().getTemplate().getMetadata())) {
      assertThat(meta.getLabels())
          .containsEntry("team", "data")
          // Ours win: the selector must keep matching.
          .containsEntry("app.kubernetes.io/name", "sluice");
      assertThat(meta.getAnnotations()).containsEntry("example.com/owner", "data-team");
    }
    Container container =
        model.deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(env(container))
        .containsEntry("SLUICE_KAFKA_PROPERTIES_FILE", "/etc/sluice/kafka/kafka.properties");
  }

  private static final OperatorSettings WITH_RUNTIME =
      new OperatorSettings(
          SETTINGS.image(),
          SETTINGS.imagePullPolicy(),
          SETTINGS.kafkaBootstrapServers(),
          SETTINGS.kafkaPropertiesSecret(),
          SETTINGS.gateway(),
          new OperatorSettings.Worker(
              SETTINGS.worker().command(),
              SETTINGS.worker().resources(),
              "ghcr.io/sluice/actions-runtime:1.0"),
          SETTINGS.labels(),
          SETTINGS.annotations());

  @Test
  void anActionsDestinationsPodRunsTheActionsRuntimeBesideTheWorkerAsDecision0141Says() {
    PodSpec pod = actionsModel(WITH_RUNTIME).deployment().getSpec().getTemplate().getSpec();

    assertThat(pod.getContainers())
        .extracting(Container::getName)
        .containsExactly("worker", "actions-runtime");
    Container worker = pod.getContainers().get(0);
    assertThat(env(worker)).containsEntry("SLUICE_ACTIONS_RUNTIME_URL", "http://127.0.0.1:9191");
    Container runtime = pod.getContainers().get(1);
    assertThat(runtime.getImage()).isEqualTo("ghcr.io/sluice/actions-runtime:1.0");
    assertThat(runtime.getImagePullPolicy()).isEqualTo(SETTINGS.imagePullPolicy());
    assertThat(env(runtime))
        .containsExactly(
            Map.entry("SLUICE_ACTIONS_HOST", "127.0.0.1"),
            Map.entry("SLUICE_ACTIONS_PORT", "9191"),
            Map.entry("SLUICE_ACTIONS_PRELOAD", "amplitude"),
            Map.entry("NODE_OPTIONS", "--max-old-space-size=256"));
    assertThat(runtime.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("actions");
              assertThat(p.getContainerPort()).isEqualTo(9191);
            });
    for (var probe :
        List.of(
            runtime.getStartupProbe(), runtime.getLivenessProbe(), runtime.getReadinessProbe())) {
      assertThat(probe.getHttpGet().getPath()).isEqualTo("/healthz");
      assertThat(probe.getHttpGet().getPort().getIntVal()).isEqualTo(9191);
    }
    assertThat(runtime.getStartupProbe().getPeriodSeconds()).isEqualTo(2);
    assertThat(runtime.getStartupProbe().getFailureThreshold()).isEqualTo(30);
    assertThat(runtime.getLivenessProbe().getPeriodSeconds()).isEqualTo(10);
    assertThat(runtime.getLivenessProbe().getFailureThreshold()).isEqualTo(3);
    assertThat(runtime.getReadinessProbe().getPeriodSeconds()).isEqualTo(5);
    assertThat(runtime.getResources().getRequests())
        .containsEntry("cpu", new Quantity("100m"))
        .containsEntry("memory", new Quantity("160Mi"));
    assertThat(runtime.getResources().getLimits())
        .containsOnlyKeys("memory")
        .containsEntry("memory", new Quantity("384Mi"));
    assertThat(runtime.getSecurityContext()).isEqualTo(worker.getSecurityContext());
    assertThat(runtime.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(runtime.getVolumeMounts())
        .singleElement()
        .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    String tmp = runtime.getVolumeMounts().get(0).getName();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals(tmp))
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    // The runtime holds no Secret: only the worker mounts its configuration.
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .allSatisfy(
            v ->
                assertThat(runtime.getVolumeMounts())
                    .noneMatch(m -> m.getName().equals(v.getName())));
  }

  @Test
  void theActionsRuntimeImageIsInTheRestartHash() {
    String hash = restartHash(actionsModel(WITH_RUNTIME).deployment());
    OperatorSettings other =
        new OperatorSettings(
            SETTINGS.image(),
            SETTINGS.imagePullPolicy(),
            SETTINGS.kafkaBootstrapServers(),
            SETTINGS.kafkaPropertiesSecret(),
            SETTINGS.gateway(),
            new OperatorSettings.Worker(
                SETTINGS.worker().command(),
                SETTINGS.worker().resources(),
                "ghcr.io/sluice/actions-runtime:1.1"),
            SETTINGS.labels(),
            SETTINGS.annotations());
    assertThat(restartHash(actionsModel(WITH_RUNTIME).deployment())).isEqualTo(hash);
    assertThat(restartHash(actionsModel(other).deployment())).isNotEqualTo(hash);
  }

  @Test
  void anActionsDestinationWithoutARuntimeImageIsRefusedNamingTheSetting() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> actionsModel(SETTINGS).deployment())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SLUICE_OPERATOR_ACTIONS_RUNTIME_IMAGE");
  }

  @Test
  void aWebhookDestinationsPodIsUnchangedByTheRuntimeSetting() {
    ResourceSet resources = Examples.resources("quickstart");
    Deployment without = model(resources, "local-hook", SETTINGS).deployment();
    Deployment with = model(resources, "local-hook", WITH_RUNTIME).deployment();

    assertThat(with).isEqualTo(without);
    PodSpec pod = with.getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("worker");
    assertThat(env(pod.getContainers().get(0))).doesNotContainKey("SLUICE_ACTIONS_RUNTIME_URL");
  }

  /**
   * The quickstart's webhook Destination turned into an actions one after compiling: the pod
   * depends only on the Destination's spec, the compiled configuration goes to the Secret.
   */
  private static WorkerModel actionsModel(OperatorSettings settings) {
    ResourceSet resources = Examples.resources("quickstart");
    WorkerModel compiled = model(resources, "local-hook", settings);
    Destination hook = destination(resources, "local-hook");
    var tree =
        io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().valueToTree(hook.getSpec());
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree).remove("webhook");
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("type", "actions");
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree)
        .set(
            "actions",
            io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
                .valueToTree(Map.of("destination", "amplitude", "presets", true)));
    hook.setSpec(
        io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
            .convertValue(tree, dev.sluice.api.v1alpha1.DestinationSpec.class));
    return WorkerModel.of(hook, compiled.config(), settings);
  }

  static WorkerModel model(ResourceSet resources, String destination, OperatorSettings settings) {
    Compilation compilation = new Compiler().compile(resources);
    assertThat(compilation.hasErrors()).as("%s", compilation.diagnostics()).isFalse();
    WorkerConfig config =
        compilation.workers().stream()
            .filter(w -> w.destination().equals(destination))
            .findFirst()
            .orElseThrow();
    return WorkerModel.of(destination(resources, destination), config, settings);
  }

  private static Destination destination(ResourceSet resources, String name) {
    return resources.destinations().stream()
        .filter(d -> d.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** The spec with one field set, through JSON so other new fields need no edit here. */
  static dev.sluice.api.v1alpha1.DestinationSpec with(Destination d, String field, Object value) {
    var tree =
        io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().valueToTree(d.getSpec());
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree)
        .set(
            field,
            io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().valueToTree(value));
    return io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
        .convertValue(tree, dev.sluice.api.v1alpha1.DestinationSpec.class);
  }

  static String restartHash(Deployment deployment) {
    return deployment
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(PodTemplates.RESTART_HASH);
  }

  static Map<String, String> env(Container container) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (EnvVar var : new ArrayList<>(container.getEnv())) {
      env.put(var.getName(), var.getValue());
    }
    return env;
  }

  static String decode(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }
}
