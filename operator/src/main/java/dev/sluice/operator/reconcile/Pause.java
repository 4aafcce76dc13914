package dev.sluice.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/** The {@code sluice.dev/paused: "true"} annotation: the operator leaves the resource alone. */
public final class Pause {
  public static final String ANNOTATION = "sluice.dev/paused";

  private Pause() {}

  public static boolean isPaused(HasMetadata resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations != null && "true".equalsIgnoreCase(annotations.get(ANNOTATION));
  }
}
