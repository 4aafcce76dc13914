package dev.sluice.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.compiler.Compilation;
import dev.sluice.api.compiler.Compiler;
import dev.sluice.api.compiler.ResourceSet;
import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.WriteKeys;
import dev.sluice.operator.Examples;
import dev.sluice.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayModelTest {
  private static final OperatorSettings SETTINGS =
      OperatorSettings.defaults("ghcr.io/sluice/sluice:1.0", "kafka:9092");

  @Test
  void theConfigMapHoldsTheRouteTableWithWriteKeysOnlyAsHashes() {
    ConfigMap configMap = model(SETTINGS).configMap();

    assertThat(configMap.getMetadata().getName()).isEqualTo("sluice-gateway");
    String json = configMap.getData().get(GatewayModel.CONFIG_FILE);
    GatewayConfig config = ConfigJson.read(json, GatewayConfig.class);
    assertThat(config.sources())
        .singleElement()
        .satisfies(
            route -> {
              assertThat(route.name()).isEqualTo("web-shop");
              assertThat(route.writeKeyHashes())
                  .containsExactly(WriteKeys.hash("quickstart-write-key"));
            });
    assertThat(json).doesNotContain("quickstart-write-key");
  }

  @Test
  void everySourceOfTheNamespaceOwnsTheGatewayWithoutBlockingDeletion() {
    GatewayModel model = model(SETTINGS);
    for (var meta :
        List.of(
            model.configMap().getMetadata(),
            model.deployment().getMetadata(),
            model.service().getMetadata())) {
      assertThat(meta.getOwnerReferences())
          .singleElement()
          .satisfies(
              owner -> {
                assertThat(owner.getKind()).isEqualTo("Source");
                assertThat(owner.getName()).isEqualTo("web-shop");
                assertThat(owner.getController()).isFalse();
                assertThat(owner.getBlockOwnerDeletion()).isFalse();
              });
      assertThat(meta.getLabels()).containsEntry("app.kubernetes.io/component", "gateway");
    }
  }

  @Test
  void theDeploymentRunsTheGatewayOnItsMountedConfigMap() {
    Deployment deployment = model(SETTINGS).deployment();
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(container.getCommand()).last().isEqualTo("dev.sluice.gateway.GatewayMain");
    assertThat(WorkerModelTest.env(container))
        .containsEntry("SLUICE_CONFIG", "/etc/sluice/config/gateway.json")
        .containsEntry("SLUICE_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
        .containsEntry("SLUICE_PORT", "8080")
        .containsEntry("SLUICE_MANAGEMENT_PORT", "9090")
        .doesNotContainKey("SLUICE_TRUSTED_PROXIES");
    assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo("sluice-gateway"));
    PodSecurity.assertLockedDown(deployment.getSpec().getTemplate().getSpec());
  }

  @Test
  void theServiceSelectsTheGatewayPodsOnTheTrafficAndManagementPorts() {
    GatewayModel model = model(SETTINGS);
    Service service = model.service();

    assertThat(service.getSpec().getSelector())
        .isEqualTo(model.deployment().getSpec().getSelector().getMatchLabels());
    assertThat(service.getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort())
        .containsExactly("http:8080", "management:9090");
    assertThat(GatewayModel.endpoint("shop", 8080))
        .isEqualTo("http://sluice-gateway.shop.svc:8080");
  }

  @Test
  void aPodDisruptionBudgetOnlyWithSeveralReplicas() {
    assertThat(model(SETTINGS).podDisruptionBudget()).isEmpty();

    OperatorSettings.Gateway g = SETTINGS.gateway();
    OperatorSettings three =
        new OperatorSettings(
            SETTINGS.image(),
            SETTINGS.imagePullPolicy(),
            SETTINGS.kafkaBootstrapServers(),
            SETTINGS.kafkaPropertiesSecret(),
            new OperatorSettings.Gateway(
                g.command(), 3, g.resources(), g.port(), List.of("10.0.0.0/8")),
            SETTINGS.worker(),
            SETTINGS.labels(),
            SETTINGS.annotations());
    GatewayModel model = model(three);
    assertThat(model.deployment().getSpec().getReplicas()).isEqualTo(3);
    assertThat(model.podDisruptionBudget())
        .hasValueSatisfying(
            pdb -> assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1));
    assertThat(
            WorkerModelTest.env(
                model.deployment().getSpec().getTemplate().getSpec().getContainers().get(0)))
        .containsEntry("SLUICE_TRUSTED_PROXIES", "10.0.0.0/8");
  }

  @Test
  void theGatewayRunsItsOwnImageWhenOneIsSetAndTheWorkersKeepTheDataPlaneImage() {
    OperatorSettings.Gateway g = SETTINGS.gateway();
    OperatorSettings separate =
        new OperatorSettings(
            "ghcr.io/sluice-dev/sluice-workers:1.0",
            SETTINGS.imagePullPolicy(),
            SETTINGS.kafkaBootstrapServers(),
            SETTINGS.kafkaPropertiesSecret(),
            new OperatorSettings.Gateway(
                g.command(),
                g.replicas(),
                g.resources(),
                g.port(),
                g.trustedProxies(),
                "ghcr.io/sluice-dev/sluice-gateway:1.0"),
            SETTINGS.worker(),
            SETTINGS.labels(),
            SETTINGS.annotations());
    var pod = model(separate).deployment().getSpec().getTemplate();
    assertThat(pod.getSpec().getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/sluice-dev/sluice-gateway:1.0");
    assertThat(pod.getMetadata().getAnnotations().get(PodTemplates.RESTART_HASH))
        .isNotEqualTo(
            model(SETTINGS)
                .deployment()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get(PodTemplates.RESTART_HASH));
    assertThat(separate.imageOf(WorkerModel.COMPONENT))
        .isEqualTo("ghcr.io/sluice-dev/sluice-workers:1.0");
    assertThat(SETTINGS.imageOf(GatewayModel.COMPONENT)).isEqualTo(SETTINGS.image());
  }

  @Test
  void aRouteChangeChangesTheConfigMapButNotThePodTemplate() {
    ResourceSet resources = Examples.resources("quickstart");
    GatewayModel before = model(resources, SETTINGS);
    resources.sources().get(0).getSpec();
    var spec = resources.sources().get(0).getSpec();
    resources
        .sources()
        .get(0)
        .setSpec(
            new dev.sluice.api.v1alpha1.SourceSpec(
                spec.writeKeys(), false, spec.cors(), spec.limits(), spec.topic()));
    GatewayModel after = model(resources, SETTINGS);

    assertThat(after.configMap().getData()).isNotEqualTo(before.configMap().getData());
    assertThat(after.deployment()).isEqualTo(before.deployment());
  }

  private static GatewayModel model(OperatorSettings settings) {
    return model(Examples.resources("quickstart"), settings);
  }

  private static GatewayModel model(ResourceSet resources, OperatorSettings settings) {
    Compilation compilation = new Compiler().compile(resources);
    assertThat(compilation.hasErrors()).as("%s", compilation.diagnostics()).isFalse();
    return GatewayModel.of("default", compilation.gateway(), resources.sources(), settings);
  }
}
