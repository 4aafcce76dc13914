package dev.sluice.api.compiler;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Null-safe identity of a resource: an absent namespace is {@code default}, as kubectl does. */
final class Resources {
  static final String DEFAULT_NAMESPACE = "default";

  private Resources() {}

  static String namespace(HasMetadata resource) {
    String namespace =
        resource.getMetadata() == null ? null : resource.getMetadata().getNamespace();
    return namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace;
  }

  static String name(HasMetadata resource) {
    String name = resource.getMetadata() == null ? null : resource.getMetadata().getName();
    return name == null ? "" : name;
  }

  static String key(HasMetadata resource) {
    return namespace(resource) + "/" + name(resource);
  }
}
