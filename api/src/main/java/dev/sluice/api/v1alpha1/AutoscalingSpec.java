package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Scaling a Destination's worker pods between two bounds: on its consumer group's lag through a
 * KEDA ScaledObject where KEDA is installed, else on CPU through a HorizontalPodAutoscaler. The
 * operator then leaves the worker Deployment's replicas to the autoscaler.
 */
@ValidationRule(
    value = "!has(self.minReplicas) || self.minReplicas <= self.maxReplicas",
    message = "minReplicas must not exceed maxReplicas")
public record AutoscalingSpec(
    @JsonPropertyDescription("Fewest worker pods. Default 1.") @Min(1) @Max(100) @Default("1")
        Integer minReplicas,
    @JsonPropertyDescription(
            "Most worker pods. Pods beyond the Source topics' partitions would sit idle.")
        @Required
        @Min(1)
        @Max(100)
        Integer maxReplicas,
    @JsonPropertyDescription(
            "With KEDA: the consumer-group lag (messages not yet delivered) per worker pod to "
                + "scale to. Default 1000.")
        @Min(1)
        @Default("1000")
        Integer lagThreshold,
    @JsonPropertyDescription(
            "Without KEDA: the average CPU use, in percent of the pods' CPU request, to scale "
                + "to. Default 80.")
        @Min(1)
        @Max(100)
        @Default("80")
        Integer cpuUtilization) {}
