package dev.sluice.api.v1alpha1;

/** A key in a Secret of the resource's own namespace. */
public record SecretKeyRef(String name, String key) {}
