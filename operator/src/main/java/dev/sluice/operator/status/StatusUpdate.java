package dev.sluice.operator.status;

import dev.sluice.api.v1alpha1.ResourceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sets a resource's status in Kubernetes style: {@code observedGeneration}, and conditions whose
 * {@code lastTransitionTime} moves only when their status does. Tells whether anything changed, so
 * a reconciler writes the status only then (no churn, no watch events for nothing).
 */
public final class StatusUpdate {
  public static final String READY = "Ready";
  public static final String PAUSED = "Paused";

  private final Clock clock;

  public StatusUpdate(Clock clock) {
    this.clock = clock;
  }

  /**
   * Puts {@code readiness} as the Ready condition, with the resource's generation.
   *
   * @return whether the status differs from before
   */
  public boolean apply(HasMetadata resource, ResourceStatus status, Readiness readiness) {
    return apply(resource, status, READY, readiness);
  }

  /** Sets one condition and {@code observedGeneration}; true when either changed. */
  public boolean apply(
      HasMetadata resource, ResourceStatus status, String type, Readiness readiness) {
    Long generation = resource.getMetadata().getGeneration();
    boolean changed = !Objects.equals(status.getObservedGeneration(), generation);
    status.setObservedGeneration(generation);

    List<Condition> conditions = new ArrayList<>(status.getConditions());
    Condition old =
        conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    String transition =
        old != null && readiness.status().text().equals(old.getStatus())
            ? old.getLastTransitionTime()
            : Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    Condition next =
        new ConditionBuilder()
            .withType(type)
            .withStatus(readiness.status().text())
            .withReason(readiness.reason())
            .withMessage(readiness.message())
            .withObservedGeneration(generation)
            .withLastTransitionTime(transition)
            .build();
    if (!next.equals(old)) {
      changed = true;
      conditions.remove(old);
      conditions.add(next);
      conditions.sort((a, b) -> READY.equals(a.getType()) ? -1 : READY.equals(b.getType()) ? 1 : 0);
      status.setConditions(conditions);
    }
    return changed;
  }

  /** Drops a condition of {@code type}; true when there was one. */
  public boolean remove(ResourceStatus status, String type) {
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    boolean removed = conditions.removeIf(c -> type.equals(c.getType()));
    if (removed) {
      status.setConditions(conditions);
    }
    return removed;
  }
}
