package dev.sluice.operator.reconcile;

import dev.sluice.api.compiler.Diagnostic;
import java.util.List;
import java.util.stream.Collectors;

/**
 * CamelCase condition reasons from the compiler's diagnostics, decided by the field a diagnostic is
 * about (stable) rather than its wording (for people).
 */
final class Reasons {
  private Reasons() {}

  static String forSource(List<Diagnostic> diagnostics) {
    Diagnostic first = firstError(diagnostics);
    if (first.field().startsWith("spec.writeKeys")) {
      return first.message().contains("not found") ? "SecretNotFound" : "InvalidWriteKey";
    }
    return "InvalidSpec";
  }

  static String forDestination(List<Diagnostic> diagnostics) {
    Diagnostic first = firstError(diagnostics);
    if (first.message().startsWith("Secret ") && first.message().contains(" not found")) {
      return "SecretNotFound";
    }
    return "InvalidSpec";
  }

  /** The errors, one sentence each, for a condition message. */
  static String message(List<Diagnostic> diagnostics) {
    return diagnostics.stream()
        .filter(Diagnostic::isError)
        .map(Reasons::sentence)
        .collect(Collectors.joining("; "));
  }

  /** Warnings do not make a resource unready but are worth a line in its message. */
  static String warnings(List<Diagnostic> diagnostics) {
    return diagnostics.stream()
        .filter(d -> !d.isError())
        .map(d -> "warning: " + sentence(d))
        .collect(Collectors.joining("; "));
  }

  private static String sentence(Diagnostic d) {
    return d.field().isEmpty() || d.message().startsWith(d.field())
        ? d.message()
        : d.field() + ": " + d.message();
  }

  private static Diagnostic firstError(List<Diagnostic> diagnostics) {
    return diagnostics.stream().filter(Diagnostic::isError).findFirst().orElseThrow();
  }
}
