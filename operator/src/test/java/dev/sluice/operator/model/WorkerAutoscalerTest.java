package dev.sluice.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.compiler.ResourceSet;
import dev.sluice.api.v1alpha1.AutoscalingSpec;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.operator.Examples;
import dev.sluice.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerAutoscalerTest {
  private static final OperatorSettings SETTINGS =
      OperatorSettings.defaults("ghcr.io/sluice/sluice:1.0", "kafka:9092");

  @Test
  void withoutAutoscalingThereIsNoneAndTheDeploymentKeepsItsReplicas() {
    WorkerModel model =
        WorkerModelTest.model(Examples.resources("quickstart"), "local-hook", SETTINGS);
    assertThat(model.deployment().getSpec().getReplicas()).isEqualTo(1);
    assertThat(model.minimumReplicas()).isEqualTo(1);
  }

  @Test
  void aScaledObjectScalesOnTheConsumerGroupsLagOfEachSourceTopic() {
    ResourceSet resources = autoscaled(new AutoscalingSpec(2, 6, 500, null));
    WorkerModel model = WorkerModelTest.model(resources, "local-hook", SETTINGS);
    WorkerAutoscaler autoscaler = autoscaler(resources);

    GenericKubernetesResource scaledObject = autoscaler.scaledObject();
    assertThat(scaledObject.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
    assertThat(scaledObject.getKind()).isEqualTo("ScaledObject");
    assertThat(scaledObject.getMetadata().getName()).isEqualTo("sluice-worker-local-hook");
    assertThat(scaledObject.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("local-hook"));
    Map<String, Object> spec = spec(scaledObject);
    assertThat(spec)
        .containsEntry("minReplicaCount", 2)
        .containsEntry("maxReplicaCount", 6)
        .containsEntry(
            "scaleTargetRef",
            Map.of(
                "apiVersion", "apps/v1", "kind", "Deployment", "name", "sluice-worker-local-hook"));
    assertThat((List<?>) spec.get("triggers"))
        .singleElement()
        .isEqualTo(
            Map.of(
                "type",
                "kafka",
                "metadata",
                Map.of(
                    "bootstrapServers", "kafka:9092",
                    "consumerGroup", "sluice.default.local-hook",
                    "topic", "sluice.default.web-shop",
                    "lagThreshold", "500")));
    // The autoscaler owns the count; the Deployment leaves it unset.
    assertThat(model.deployment().getSpec().getReplicas()).isNull();
    assertThat(model.minimumReplicas()).isEqualTo(2);
  }

  @Test
  void withoutKedaAHorizontalPodAutoscalerScalesOnCpuWithTheDefaultTarget() {
    HorizontalPodAutoscaler hpa =
        autoscaler(autoscaled(new AutoscalingSpec(null, 3, null, null))).horizontalPodAutoscaler();
    assertThat(hpa.getMetadata().getName()).isEqualTo("sluice-worker-local-hook");
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("sluice-worker-local-hook");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(3);
    assertThat(hpa.getSpec().getMetrics())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getResource().getName()).isEqualTo("cpu");
              assertThat(m.getResource().getTarget().getAverageUtilization()).isEqualTo(80);
            });
  }

  private static ResourceSet autoscaled(AutoscalingSpec autoscaling) {
    ResourceSet resources = Examples.resources("quickstart");
    Destination hook = destination(resources);
    hook.setSpec(WorkerModelTest.with(hook, "autoscaling", autoscaling));
    return resources;
  }

  private static WorkerAutoscaler autoscaler(ResourceSet resources) {
    WorkerModel model = WorkerModelTest.model(resources, "local-hook", SETTINGS);
    return WorkerAutoscaler.of(destination(resources), model.config(), SETTINGS).orElseThrow();
  }

  private static Destination destination(ResourceSet resources) {
    return resources.destinations().stream()
        .filter(d -> d.getMetadata().getName().equals("local-hook"))
        .findFirst()
        .orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
  }
}
