package dev.sluice.api.v1alpha1;

/** A reference by name to another resource in the same namespace. */
public record LocalObjectRef(String name) {}
