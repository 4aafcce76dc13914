package dev.sluice.operator.model;

import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.compiler.Names;
import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.api.v1alpha1.AutoscalingSpec;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What scales a Destination's worker when its spec asks for autoscaling: a KEDA {@code
 * ScaledObject} with a {@code kafka} trigger per Source topic on the worker's consumer group (KEDA
 * scales on lag, what a worker falling behind means), or, where KEDA is not installed, a
 * HorizontalPodAutoscaler on CPU. The ScaledObject is a generic resource: no KEDA model dependency.
 */
public final class WorkerAutoscaler {
  /** The CRD whose presence means KEDA is installed. */
  public static final String KEDA_CRD = "scaledobjects.keda.sh";

  public static final String SCALED_OBJECT = "ScaledObject";
  public static final String HPA = "HorizontalPodAutoscaler";

  public static final ResourceDefinitionContext SCALED_OBJECTS =
      new ResourceDefinitionContext.Builder()
          .withGroup("keda.sh")
          .withVersion("v1alpha1")
          .withKind(SCALED_OBJECT)
          .withPlural("scaledobjects")
          .withNamespaced(true)
          .build();

  private final Destination destination;
  private final AutoscalingSpec spec;
  private final WorkerConfig config;
  private final OperatorSettings settings;

  private WorkerAutoscaler(
      Destination destination,
      AutoscalingSpec spec,
      WorkerConfig config,
      OperatorSettings settings) {
    this.destination = destination;
    this.spec = spec;
    this.config = config;
    this.settings = settings;
  }

  /** None when the Destination does not ask for autoscaling. */
  public static Optional<WorkerAutoscaler> of(
      Destination destination, WorkerConfig config, OperatorSettings settings) {
    AutoscalingSpec spec =
        destination.getSpec() == null ? null : destination.getSpec().autoscaling();
    return spec == null
        ? Optional.empty()
        : Optional.of(new WorkerAutoscaler(destination, spec, config, settings));
  }

  public int minReplicas() {
    return or(spec.minReplicas(), Defaults.AUTOSCALING_MIN_REPLICAS);
  }

  public int maxReplicas() {
    return Math.max(minReplicas(), or(spec.maxReplicas(), minReplicas()));
  }

  private String deployment() {
    return Names.workerDeployment(destination.getMetadata().getName());
  }

  public HorizontalPodAutoscaler horizontalPodAutoscaler() {
    return new HorizontalPodAutoscalerBuilder()
        .withMetadata(WorkerModel.metadata(destination, deployment(), settings))
        .withNewSpec()
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(deployment())
        .endScaleTargetRef()
        .withMinReplicas(minReplicas())
        .withMaxReplicas(maxReplicas())
        .addNewMetric()
        .withType("Resource")
        .withNewResource()
        .withName("cpu")
        .withNewTarget()
        .withType("Utilization")
        .withAverageUtilization(or(spec.cpuUtilization(), Defaults.AUTOSCALING_CPU_UTILIZATION))
        .endTarget()
        .endResource()
        .endMetric()
        .endSpec()
        .build();
  }

  /**
   * One trigger per Source topic the worker reads (KEDA scales to the largest), or one on the whole
   * consumer group while no Connection feeds the worker.
   */
  public GenericKubernetesResource scaledObject() {
    List<Map<String, Object>> triggers = new ArrayList<>();
    TreeSet<String> topics = new TreeSet<>();
    for (ConnectionConfig connection : config.connections()) {
      topics.add(connection.topic());
    }
    if (topics.isEmpty()) {
      triggers.add(trigger(null));
    }
    topics.forEach(topic -> triggers.add(trigger(topic)));
    Map<String, Object> target = new LinkedHashMap<>();
    target.put("apiVersion", "apps/v1");
    target.put("kind", "Deployment");
    target.put("name", deployment());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("scaleTargetRef", target);
    body.put("minReplicaCount", minReplicas());
    body.put("maxReplicaCount", maxReplicas());
    body.put("triggers", triggers);
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(SCALED_OBJECTS.getGroup() + "/" + SCALED_OBJECTS.getVersion())
        .withKind(SCALED_OBJECT)
        .withMetadata(WorkerModel.metadata(destination, deployment(), settings))
        .withAdditionalProperties(Map.of("spec", body))
        .build();
  }

  private Map<String, Object> trigger(String topic) {
    // KEDA reads trigger metadata as strings.
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("bootstrapServers", settings.kafkaBootstrapServers());
    metadata.put("consumerGroup", config.consumerGroup());
    if (topic != null) {
      metadata.put("topic", topic);
    }
    metadata.put(
        "lagThreshold",
        String.valueOf(or(spec.lagThreshold(), Defaults.AUTOSCALING_LAG_THRESHOLD)));
    Map<String, Object> trigger = new LinkedHashMap<>();
    trigger.put("type", "kafka");
    trigger.put("metadata", metadata);
    return trigger;
  }

  private static int or(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
