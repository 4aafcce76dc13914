package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The schema of a status condition, with the descriptions Fabric8's {@code Condition} lacks. Only
 * {@code @SchemaFrom} uses it; statuses hold {@link io.fabric8.kubernetes.api.model.Condition}.
 */
record ConditionSchema(
    @JsonPropertyDescription("The condition's kind; Ready is always present.") String type,
    @JsonPropertyDescription("True, False or Unknown.") String status,
    @JsonPropertyDescription("A CamelCase reason for the last transition, e.g. Reconciled.")
        String reason,
    @JsonPropertyDescription("What is wrong and what to do about it, for a person.") String message,
    @JsonPropertyDescription("When the status last changed (RFC 3339).") String lastTransitionTime,
    @JsonPropertyDescription("The metadata.generation the condition was set from.")
        Long observedGeneration) {}
