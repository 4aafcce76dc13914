package dev.sluice.api.v1alpha1;

/** What the operator last made of the Connection. */
public class ConnectionStatus extends ResourceStatus {}
