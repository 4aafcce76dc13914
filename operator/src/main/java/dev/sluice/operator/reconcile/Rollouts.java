package dev.sluice.operator.reconcile;

import dev.sluice.operator.model.PodTemplates;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.Objects;

/** Whether applying a Deployment restarts its pods: its restart hash changed. */
final class Rollouts {
  private Rollouts() {}

  static boolean restarts(Deployment current, Deployment desired) {
    return !Objects.equals(hash(current), hash(desired));
  }

  private static String hash(Deployment deployment) {
    Map<String, String> annotations =
        deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(PodTemplates.RESTART_HASH);
  }
}
