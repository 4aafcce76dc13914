package dev.sluice.operator.reconcile;

import dev.sluice.api.compiler.Diagnostic;
import dev.sluice.operator.status.Readiness;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Optional;

/** A valid Destination is Ready once its worker Deployment has an available pod. */
final class WorkerReadiness {
  private WorkerReadiness() {}

  static Readiness of(int replicas, Optional<Deployment> deployment, List<Diagnostic> diagnostics) {
    if (replicas == 0) {
      return Readiness.notReady("ScaledToZero", "replicas is 0: delivery is paused");
    }
    Integer available =
        deployment
            .map(Deployment::getStatus)
            .map(io.fabric8.kubernetes.api.model.apps.DeploymentStatus::getAvailableReplicas)
            .orElse(null);
    if (available == null || available < 1) {
      return Readiness.notReady(
          "WorkersNotAvailable",
          "the worker Deployment has no available pod yet; see its pods' events if this lasts");
    }
    return Readiness.ready("Delivering", Reasons.warnings(diagnostics));
  }

  static boolean available(Optional<Deployment> deployment) {
    return deployment
        .map(Deployment::getStatus)
        .map(s -> s.getAvailableReplicas() != null && s.getAvailableReplicas() > 0)
        .orElse(false);
  }
}
