package dev.sluice.operator.model;

import dev.sluice.api.compiler.Names;
import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gateway of one namespace: its route table in a ConfigMap (write keys only as hashes), a
 * Deployment that mounts it, a Service, and a PodDisruptionBudget when it has several replicas. The
 * namespace's Sources all own these objects, so they go with the last Source.
 */
public final class GatewayModel {
  public static final String COMPONENT = "gateway";
  public static final String CONFIG_FILE = "gateway.json";

  private final String namespace;
  private final GatewayConfig config;
  private final List<OwnerReference> owners;
  private final OperatorSettings settings;
  private final String kafkaPropertiesDigest;

  private GatewayModel(
      String namespace,
      GatewayConfig config,
      List<OwnerReference> owners,
      OperatorSettings settings,
      String kafkaPropertiesDigest) {
    this.namespace = namespace;
    this.config = config;
    this.owners = owners;
    this.settings = settings;
    this.kafkaPropertiesDigest = kafkaPropertiesDigest;
  }

  /**
   * @param config the compiled route table of this namespace only
   * @param sources the namespace's Sources, which own the gateway
   */
  public static GatewayModel of(
      String namespace,
      GatewayConfig config,
      List<? extends HasMetadata> sources,
      OperatorSettings settings) {
    return of(namespace, config, sources, settings, "");
  }

  /**
   * @param kafkaPropertiesDigest a digest of the Kafka properties Secret's content, for the restart
   *     hash; empty without one
   */
  public static GatewayModel of(
      String namespace,
      GatewayConfig config,
      List<? extends HasMetadata> sources,
      OperatorSettings settings,
      String kafkaPropertiesDigest) {
    return new GatewayModel(
        namespace, config, Owners.shared(sources), settings, kafkaPropertiesDigest);
  }

  /** The URL clients post to: the Service's cluster DNS name. */
  public static String endpoint(String namespace, int port) {
    return "http://" + Names.gatewayService() + "." + namespace + ".svc:" + port;
  }

  public ConfigMap configMap() {
    return new ConfigMapBuilder()
        .withMetadata(metadata(Names.gatewayConfigMap()))
        .addToData(CONFIG_FILE, ConfigJson.write(config))
        .build();
  }

  public Deployment deployment() {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("SLUICE_PORT", String.valueOf(settings.gateway().port()), null));
    if (!settings.gateway().trustedProxies().isEmpty()) {
      env.add(
          new EnvVar(
              "SLUICE_TRUSTED_PROXIES",
              String.join(",", settings.gateway().trustedProxies()),
              null));
    }
    PodTemplates.Spec spec =
        new PodTemplates.Spec(
            COMPONENT,
            Names.gatewayDeployment(),
            settings.gateway().command(),
            new VolumeBuilder()
                .withName("config")
                .withNewConfigMap()
                .withName(Names.gatewayConfigMap())
                .endConfigMap()
                .build(),
            CONFIG_FILE,
            settings.gateway().resources(),
            env,
            List.of(PodTemplates.port("http", settings.gateway().port())),
            kafkaPropertiesDigest);
    return new DeploymentBuilder()
        .withMetadata(metadata(Names.gatewayDeployment()))
        .withNewSpec()
        .withReplicas(settings.gateway().replicas())
        .withNewSelector()
        .withMatchLabels(Labels.selector(COMPONENT, Names.gatewayDeployment()))
        .endSelector()
        .withTemplate(PodTemplates.build(spec, settings))
        .endSpec()
        .build();
  }

  public Service service() {
    return new ServiceBuilder()
        .withMetadata(metadata(Names.gatewayService()))
        .withNewSpec()
        .withSelector(Labels.selector(COMPONENT, Names.gatewayDeployment()))
        .withPorts(
            new ServicePortBuilder()
                .withName("http")
                .withPort(settings.gateway().port())
                .withTargetPort(new IntOrString("http"))
                .withProtocol("TCP")
                .build(),
            new ServicePortBuilder()
                .withName("management")
                .withPort(PodTemplates.MANAGEMENT_PORT)
                .withTargetPort(new IntOrString("management"))
                .withProtocol("TCP")
                .build())
        .endSpec()
        .build();
  }

  /** Keeps one gateway pod up through voluntary disruptions; none for a single replica. */
  public Optional<PodDisruptionBudget> podDisruptionBudget() {
    if (settings.gateway().replicas() <= 1) {
      return Optional.empty();
    }
    return Optional.of(
        new PodDisruptionBudgetBuilder()
            .withMetadata(metadata(Names.gatewayDeployment()))
            .withNewSpec()
            .withMaxUnavailable(new IntOrString(1))
            .withNewSelector()
            .withMatchLabels(Labels.selector(COMPONENT, Names.gatewayDeployment()))
            .endSelector()
            .endSpec()
            .build());
  }

  private ObjectMeta metadata(String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(Labels.of(COMPONENT, Names.gatewayDeployment(), settings.labels()))
        .withAnnotations(settings.annotations())
        .withOwnerReferences(owners)
        .build();
  }
}
