package dev.sluice.operator.reconcile;

import dev.sluice.api.v1alpha1.ResourceStatus;
import dev.sluice.operator.status.Readiness;
import dev.sluice.operator.status.StatusUpdate;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;

/** How a reconcile ends: the status is written only when it changed. */
final class Statuses {
  private Statuses() {}

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
