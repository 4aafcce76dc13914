package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * CPU and memory of one worker pod, shaped like a container's {@code resources}; what is unset
 * comes from the operator's settings.
 */
public record WorkerResources(
    @JsonPropertyDescription("What the scheduler reserves for each worker pod.")
        Quantities requests,
    @JsonPropertyDescription("The most each worker pod may use.") Quantities limits) {

  /** Kubernetes quantities, e.g. {@code 250m} CPU and {@code 512Mi} memory. */
  public record Quantities(
      @JsonPropertyDescription("CPU as a Kubernetes quantity, e.g. 250m or 1.")
          @Size(min = 1, max = 32)
          @Pattern(Patterns.QUANTITY)
          String cpu,
      @JsonPropertyDescription("Memory as a Kubernetes quantity, e.g. 512Mi or 1Gi.")
          @Size(min = 1, max = 32)
          @Pattern(Patterns.QUANTITY)
          String memory) {}
}
