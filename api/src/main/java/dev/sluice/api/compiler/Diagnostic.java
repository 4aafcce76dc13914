package dev.sluice.api.compiler;

/**
 * One finding about one resource.
 *
 * @param field the path inside the resource, e.g. {@code spec.filter.condition}
 */
public record Diagnostic(
    Severity severity, String kind, String namespace, String name, String field, String message) {

  public enum Severity {
    ERROR,
    WARNING
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    return severity + " " + kind + " " + namespace + "/" + name + " " + field + ": " + message;
  }
}
