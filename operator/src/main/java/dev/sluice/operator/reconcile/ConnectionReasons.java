package dev.sluice.operator.reconcile;

import dev.sluice.api.compiler.Diagnostic;
import dev.sluice.api.v1alpha1.Connection;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.api.v1alpha1.LocalObjectRef;
import dev.sluice.api.v1alpha1.Source;
import dev.sluice.operator.status.Readiness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.TreeSet;

/**
 * The reason a Connection is not Ready, decided from what exists (a reference that resolves in
 * another namespace is a NamespaceMismatch, not a plain SourceNotFound) and from the field the
 * compiler's first error is about.
 */
final class ConnectionReasons {
  private final String namespace;
  private final List<Source> allSources;
  private final List<Destination> allDestinations;

  ConnectionReasons(String namespace, List<Source> allSources, List<Destination> allDestinations) {
    this.namespace = namespace;
    this.allSources = allSources;
    this.allDestinations = allDestinations;
  }

  Readiness of(Connection connection, List<Diagnostic> diagnostics) {
    String message = Reasons.message(diagnostics);
    var spec = connection.getSpec();
    Readiness source =
        spec == null ? null : reference(spec.sourceRef(), "Source", "sourceRef", allSources);
    if (source != null) {
      return source;
    }
    Readiness destination =
        spec == null
            ? null
            : reference(spec.destinationRef(), "Destination", "destinationRef", allDestinations);
    if (destination != null) {
      return destination;
    }
    Diagnostic first = diagnostics.stream().filter(Diagnostic::isError).findFirst().orElseThrow();
    String field = first.field();
    if (field.startsWith("spec.sourceRef")) {
      return Readiness.notReady("SourceNotReady", message);
    }
    if (field.startsWith("spec.destinationRef")) {
      return Readiness.notReady("DestinationNotReady", message);
    }
    if (field.startsWith("spec.filter")) {
      return Readiness.notReady("InvalidFilter", message);
    }
    if (field.startsWith("spec.transform")) {
      return Readiness.notReady("InvalidTransform", message);
    }
    if (field.startsWith("spec.start")) {
      return Readiness.notReady("InvalidStart", message);
    }
    return Readiness.notReady("InvalidSpec", message);
  }

  /** Not Ready when the reference does not resolve in this namespace; null when it does. */
  private Readiness reference(
      LocalObjectRef ref, String kind, String field, List<? extends HasMetadata> all) {
    if (ref == null || ref.name() == null) {
      return Readiness.notReady("Invalid" + kind + "Ref", field + ".name is required");
    }
    TreeSet<String> namespaces = new TreeSet<>();
    for (HasMetadata resource : all) {
      if (resource.getMetadata().getName().equals(ref.name())) {
        namespaces.add(resource.getMetadata().getNamespace());
      }
    }
    if (namespaces.contains(namespace)) {
      return null;
    }
    String message = field + " " + ref.name() + " not found in namespace " + namespace;
    if (!namespaces.isEmpty()) {
      return Readiness.notReady(
          "NamespaceMismatch",
          message
              + "; a "
              + kind
              + " of that name exists in namespace "
              + String.join(", ", namespaces)
              + ", but a Connection connects only resources of its own namespace");
    }
    return Readiness.notReady(kind + "NotFound", message);
  }
}
