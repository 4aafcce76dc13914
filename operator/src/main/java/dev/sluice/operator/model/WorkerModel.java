package dev.sluice.operator.model;

import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.compiler.Names;
import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.api.v1alpha1.ActionsSpec;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.api.v1alpha1.WorkerResources;
import dev.sluice.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One Destination's worker: a Secret with its own compiled configuration (credentials included,
 * nothing of other Destinations) and a Deployment that mounts it. Both are controlled by the
 * Destination, so deleting it deletes them.
 */
public final class WorkerModel {
  public static final String COMPONENT = "worker";
  public static final String CONFIG_FILE = "worker.json";

  private final Destination destination;
  private final WorkerConfig config;
  private final OperatorSettings settings;
  private final String kafkaPropertiesDigest;

  private WorkerModel(
      Destination destination,
      WorkerConfig config,
      OperatorSettings settings,
      String kafkaPropertiesDigest) {
    this.destination = destination;
    this.config = config;
    this.settings = settings;
    this.kafkaPropertiesDigest = kafkaPropertiesDigest;
  }

  /**
   * @param config the compiled configuration of this Destination
   */
  public static WorkerModel of(
      Destination destination, WorkerConfig config, OperatorSettings settings) {
    return of(destination, config, settings, "");
  }

  /**
   * @param kafkaPropertiesDigest a digest of the Kafka properties Secret's content, for the restart
   *     hash; empty without one
   */
  public static WorkerModel of(
      Destination destination,
      WorkerConfig config,
      OperatorSettings settings,
      String kafkaPropertiesDigest) {
    return new WorkerModel(destination, config, settings, kafkaPropertiesDigest);
  }

  /** The compiled configuration the Secret holds. */
  public WorkerConfig config() {
    return config;
  }

  private String name() {
    return destination.getMetadata().getName();
  }

  /** Data, not stringData: the API server stores data, so desired and actual compare equal. */
  public Secret secret() {
    String json = ConfigJson.write(config);
    return new SecretBuilder()
        .withMetadata(metadata(Names.workerSecret(name())))
        .withType("Opaque")
        .addToData(
            CONFIG_FILE, Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  /** The configuration file a worker Secret holds, or null when it holds none. */
  public static String configText(Secret secret) {
    String data = secret.getData() == null ? null : secret.getData().get(CONFIG_FILE);
    return data == null
        ? null
        : new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
  }

  public Deployment deployment() {
    PodTemplates.Spec spec =
        new PodTemplates.Spec(
            COMPONENT,
            Names.workerDeployment(name()),
            settings.worker().command(),
            new VolumeBuilder()
                .withName("config")
                .withNewSecret()
                .withSecretName(Names.workerSecret(name()))
                .endSecret()
                .build(),
            CONFIG_FILE,
            resources(),
            List.of(instanceId()),
            List.of(),
            kafkaPropertiesDigest);
    PodTemplateSpec template = PodTemplates.build(spec, settings);
    ActionsSpec actions = destination.getSpec() == null ? null : destination.getSpec().actions();
    if (actions != null) {
      template =
          ActionsSidecar.addTo(
              template, actionsRuntimeImage(), settings.imagePullPolicy(), actions.destination());
    }
    return new DeploymentBuilder()
        .withMetadata(metadata(Names.workerDeployment(name())))
        .withNewSpec()
        .withReplicas(replicas())
        .withNewSelector()
        .withMatchLabels(Labels.selector(COMPONENT, Names.workerDeployment(name())))
        .endSelector()
        .withTemplate(template)
        .endSpec()
        .build();
  }

  private String actionsRuntimeImage() {
    String image = settings.worker().actionsRuntimeImage();
    if (image.isBlank()) {
      throw new IllegalStateException(
          "Destination "
              + name()
              + " is of type actions: its worker needs the actions runtime image, operator setting"
              + " sluice.operator.actions-runtime-image (SLUICE_OPERATOR_ACTIONS_RUNTIME_IMAGE)");
    }
    return image;
  }

  /** The Destination's own requests and limits, each unset one from the operator's settings. */
  OperatorSettings.PodResources resources() {
    OperatorSettings.PodResources defaults = settings.worker().resources();
    WorkerResources own = destination.getSpec() == null ? null : destination.getSpec().resources();
    if (own == null) {
      return defaults;
    }
    WorkerResources.Quantities requests = own.requests();
    WorkerResources.Quantities limits = own.limits();
    return new OperatorSettings.PodResources(
        or(requests == null ? null : requests.cpu(), defaults.cpuRequest()),
        or(requests == null ? null : requests.memory(), defaults.memoryRequest()),
        or(limits == null ? null : limits.cpu(), defaults.cpuLimit()),
        or(limits == null ? null : limits.memory(), defaults.memoryLimit()));
  }

  private static String or(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  /**
   * The pods the Deployment asks for; null when an autoscaler owns the count, so that the operator
   * does not write over it (see {@link #minimumReplicas()}).
   */
  private Integer replicas() {
    if (autoscaled()) {
      return null;
    }
    Integer replicas = destination.getSpec() == null ? null : destination.getSpec().replicas();
    return replicas == null ? Defaults.REPLICAS : replicas;
  }

  private boolean autoscaled() {
    return destination.getSpec() != null && destination.getSpec().autoscaling() != null;
  }

  /** The fewest pods the worker should have: its replicas, or its autoscaler's minimum. */
  public int minimumReplicas() {
    Integer replicas = replicas();
    return replicas != null
        ? replicas
        : WorkerAutoscaler.of(destination, config, settings).orElseThrow().minReplicas();
  }

  private ObjectMeta metadata(String name) {
    return metadata(destination, name, settings);
  }

  /** Metadata of every object generated for a Destination's worker. */
  static ObjectMeta metadata(Destination destination, String name, OperatorSettings settings) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(destination.getMetadata().getNamespace())
        .withLabels(
            Labels.of(
                COMPONENT,
                Names.workerDeployment(destination.getMetadata().getName()),
                settings.labels()))
        .withAnnotations(settings.annotations())
        .withOwnerReferences(Owners.controller(destination))
        .build();
  }

  /**
   * The pod's name as the worker's static member id in its consumer group: a container restarted in
   * the same pod takes its partitions back at once instead of after the session timeout (decision
   * 0059).
   */
  private static EnvVar instanceId() {
    return new EnvVarBuilder()
        .withName("SLUICE_INSTANCE_ID")
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath("metadata.name")
        .endFieldRef()
        .endValueFrom()
        .build();
  }
}
