package dev.sluice.operator.model;

import dev.sluice.api.compiler.Names;
import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
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

  private WorkerModel(Destination destination, WorkerConfig config, OperatorSettings settings) {
    this.destination = destination;
    this.config = config;
    this.settings = settings;
  }

  /**
   * @param config the compiled configuration of this Destination
   */
  public static WorkerModel of(
      Destination destination, WorkerConfig config, OperatorSettings settings) {
    return new WorkerModel(destination, config, settings);
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
            settings.worker().resources(),
            List.of(),
            List.of());
    return new DeploymentBuilder()
        .withMetadata(metadata(Names.workerDeployment(name())))
        .withNewSpec()
        .withReplicas(replicas())
        .withNewSelector()
        .withMatchLabels(Labels.selector(COMPONENT, Names.workerDeployment(name())))
        .endSelector()
        .withTemplate(PodTemplates.build(spec, settings))
        .endSpec()
        .build();
  }

  private int replicas() {
    Integer replicas = destination.getSpec() == null ? null : destination.getSpec().replicas();
    return replicas == null ? 1 : replicas;
  }

  private ObjectMeta metadata(String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(destination.getMetadata().getNamespace())
        .withLabels(Labels.of(COMPONENT, Names.workerDeployment(name()), settings.labels()))
        .withAnnotations(settings.annotations())
        .withOwnerReferences(Owners.controller(destination))
        .build();
  }
}
