package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A write key held in a Secret; clients send it to authenticate as the Source. */
public record WriteKey(
    @JsonPropertyDescription(
            "The Secret key holding the write key. Clients send it as the HTTP Basic user name, "
                + "in the body's writeKey field or in the X-Write-Key header.")
        @Required
        SecretKeyRef secretKeyRef) {}
