package dev.sluice.api.v1alpha1;

/** A write key held in a Secret; clients send it to authenticate as the Source. */
public record WriteKey(SecretKeyRef secretKeyRef) {}
