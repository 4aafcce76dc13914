package dev.sluice.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Comparator;
import java.util.List;

/** Owner references, so that Kubernetes' garbage collector deletes what the operator made. */
public final class Owners {
  private Owners() {}

  /**
   * The one controlling owner. {@code blockOwnerDeletion} stays false: nothing the operator makes
   * should hold up deleting a resource or its namespace.
   */
  public static OwnerReference controller(HasMetadata owner) {
    return reference(owner, true);
  }

  /**
   * Shared ownership without a controller, e.g. the gateway by every Source of its namespace: it is
   * deleted with the last of them.
   */
  public static List<OwnerReference> shared(List<? extends HasMetadata> owners) {
    return owners.stream()
        .sorted(Comparator.comparing(o -> o.getMetadata().getName()))
        .map(o -> reference(o, false))
        .toList();
  }

  private static OwnerReference reference(HasMetadata owner, boolean controller) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(controller)
        .withBlockOwnerDeletion(false)
        .build();
  }
}
