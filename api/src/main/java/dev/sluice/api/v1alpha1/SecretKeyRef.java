package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A key in a Secret of the resource's own namespace. */
public record SecretKeyRef(
    @JsonPropertyDescription("Name of a Secret in the resource's own namespace.")
        @Required
        @Size(min = 1, max = 253)
        @Pattern(Patterns.OBJECT_NAME)
        String name,
    @JsonPropertyDescription("Key within the Secret's data whose value is used.")
        @Required
        @Size(min = 1, max = 253)
        @Pattern(Patterns.SECRET_KEY)
        String key) {}
