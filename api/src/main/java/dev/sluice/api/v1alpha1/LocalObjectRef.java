package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A reference by name to another resource in the same namespace. */
public record LocalObjectRef(
    @JsonPropertyDescription("Name of the referenced resource, in the same namespace.")
        @Required
        @Size(min = 1, max = 253)
        @Pattern(Patterns.OBJECT_NAME)
        String name) {}
