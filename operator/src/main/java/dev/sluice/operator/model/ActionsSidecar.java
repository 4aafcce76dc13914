package dev.sluice.operator.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.Map;

/**
 * The actions runtime beside an actions Destination's worker (decision 0141): a Node.js process on
 * the pod's loopback that runs Segment's action destination for the worker. It holds no
 * configuration and no Secret (both travel in each loopback request), so only its image restarts
 * the pod.
 */
final class ActionsSidecar {
  static final String NAME = "actions-runtime";
  static final int PORT = 9191;
  static final String URL = "http://127.0.0.1:" + PORT;
  private static final String TMP_VOLUME = "actions-tmp";

  private ActionsSidecar() {}

  /**
   * The worker's pod template with the runtime added: its container, its own /tmp, the runtime's
   * address on the worker container, and its image in the restart hash.
   *
   * @param destination the slug in Segment's catalog the runtime loads before it reports ready
   */
  static PodTemplateSpec addTo(
      PodTemplateSpec template, String image, String pullPolicy, String destination) {
    PodTemplateSpec pod = new PodTemplateSpecBuilder(template).build();
    Container worker = pod.getSpec().getContainers().get(0);
    worker.getEnv().add(new EnvVar("SLUICE_ACTIONS_RUNTIME_URL", URL, null));
    pod.getSpec().getContainers().add(container(worker, image, pullPolicy, destination));
    pod.getSpec()
        .getVolumes()
        .add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    annotations.put(
        PodTemplates.RESTART_HASH,
        ConfigHash.of(annotations.get(PodTemplates.RESTART_HASH), image));
    return pod;
  }

  private static Container container(
      Container worker, String image, String pullPolicy, String destination) {
    return new ContainerBuilder()
        .withName(NAME)
        .withImage(image)
        .withImagePullPolicy(pullPolicy)
        .withEnv(
            // Loopback only: the worker beside it is its one caller.
            new EnvVar("SLUICE_ACTIONS_HOST", "127.0.0.1", null),
            new EnvVar("SLUICE_ACTIONS_PORT", String.valueOf(PORT), null),
            // Loaded before the runtime reports ready, so the first event does not pay for it.
            new EnvVar("SLUICE_ACTIONS_PRELOAD", destination, null),
            new EnvVar("NODE_OPTIONS", "--max-old-space-size=256", null))
        // Not in any Service: only the pod's own loopback reaches it.
        .withPorts(PodTemplates.port("actions", PORT))
        .withStartupProbe(probe(2, 30))
        .withLivenessProbe(probe(10, 3))
        .withReadinessProbe(probe(5, null))
        .withNewResources()
        .withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("160Mi")))
        .withLimits(Map.of("memory", new Quantity("384Mi")))
        .endResources()
        .withSecurityContext(new SecurityContextBuilder(worker.getSecurityContext()).build())
        .addNewVolumeMount()
        .withName(TMP_VOLUME)
        .withMountPath("/tmp")
        .endVolumeMount()
        .build();
  }

  private static Probe probe(int periodSeconds, Integer failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath("/healthz")
        .withNewPort(PORT)
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withFailureThreshold(failureThreshold)
        .build();
  }
}
