package dev.sluice.api.compiler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/** The diagnostics of one resource while it compiles. */
final class Findings {
  private final String kind;
  private final String namespace;
  private final String name;
  private final List<Diagnostic> diagnostics = new ArrayList<>();

  Findings(String kind, String namespace, String name) {
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
  }

  static Findings of(HasMetadata resource) {
    return new Findings(
        resource.getKind(), Resources.namespace(resource), Resources.name(resource));
  }

  String namespace() {
    return namespace;
  }

  String name() {
    return name;
  }

  void error(String field, String message) {
    diagnostics.add(Diagnostic.error(kind, namespace, name, field, message));
  }

  void warning(String field, String message) {
    diagnostics.add(Diagnostic.warning(kind, namespace, name, field, message));
  }

  boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  List<Diagnostic> diagnostics() {
    return List.copyOf(diagnostics);
  }
}
