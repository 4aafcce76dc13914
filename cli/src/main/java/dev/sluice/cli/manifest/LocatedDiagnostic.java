package dev.sluice.cli.manifest;

import dev.sluice.api.compiler.Diagnostic;

/**
 * A diagnostic with the file its resource came from.
 *
 * @param file null when no file is known (a resource made up by the runner)
 */
public record LocatedDiagnostic(String file, Diagnostic diagnostic) {

  public boolean isError() {
    return diagnostic.isError();
  }

  /** {@code quickstart/conn.yaml: ERROR Connection default/x spec.filter.condition: message}. */
  public String format() {
    Diagnostic d = diagnostic;
    StringBuilder line = new StringBuilder();
    // The reader's own messages about a document start with its file already.
    if (file != null && !d.message().startsWith(file)) {
      line.append(file).append(": ");
    }
    line.append(d.severity()).append(' ');
    if (!blank(d.kind())) {
      line.append(d.kind()).append(' ');
    }
    if (!blank(d.name())) {
      line.append(blank(d.namespace()) ? "" : d.namespace() + "/").append(d.name()).append(' ');
    }
    if (!blank(d.field())) {
      line.append(d.field());
    }
    String prefix = line.toString().strip();
    return prefix + ": " + d.message();
  }

  private static boolean blank(String text) {
    return text == null || text.isEmpty();
  }
}
