package dev.sluice.operator.reconcile;

import dev.sluice.api.v1alpha1.ResourceStatus;
import dev.sluice.operator.status.Readiness;
import dev.sluice.operator.status.StatusUpdate;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.Set;

/** How a reconcile ends: the status is written only when it changed. */
final class Statuses {
  private Statuses() {}

  /** Reasons that pass on their own (a pod starting): no Warning event for them. */
  private static final Set<String> TRANSIENT = Set.of("WorkersNotAvailable");

  /**
   * Sets the Ready condition and ends the reconcile; a new reason for not being Ready is also
   * recorded as a Warning event, once.
   *
   * @param changed whether the status changed before the condition was set (e.g. a new topic)
   */
  static <P extends HasMetadata> UpdateControl<P> finish(
      KubernetesClient client,
      Operations operations,
      P resource,
      ResourceStatus status,
      Readiness readiness,
      boolean changed,
      Duration retry) {
    String before =
        status.getConditions().stream()
            .filter(c -> StatusUpdate.READY.equals(c.getType()))
            .map(c -> c.getStatus() + "/" + c.getReason())
            .findFirst()
            .orElse("");
    changed |= operations.status().apply(resource, status, readiness);
    if (!readiness.isReady()
        && !TRANSIENT.contains(readiness.reason())
        && !before.equals(readiness.status().text() + "/" + readiness.reason())) {
      operations.events().warning(client, resource, readiness.reason(), readiness.message());
    }
    return control(resource, changed, retry);
  }

  static <P extends HasMetadata> UpdateControl<P> control(
      P resource, boolean changed, Duration retry) {
    UpdateControl<P> control =
        changed ? UpdateControl.patchStatus(resource) : UpdateControl.noUpdate();
    return retry == null ? control : control.rescheduleAfter(retry);
  }

  /** A paused resource keeps its Ready condition as it was and says that it is paused. */
  static <P extends HasMetadata> UpdateControl<P> paused(
      P resource, ResourceStatus status, StatusUpdate update) {
    boolean changed =
        update.apply(
            resource,
            status,
            StatusUpdate.PAUSED,
            Readiness.ready(
                "PausedByAnnotation",
                "the annotation "
                    + Pause.ANNOTATION
                    + "=true stops reconciling; remove it to resume"));
    return control(resource, changed, null);
  }
}
