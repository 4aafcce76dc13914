package dev.sluice.api.compiler;

/**
 * One finding about one resource. Messages name fields, resources and Secret keys, never a secret
 * value.
 *
 * @param kind {@code Source}, {@code Destination}, {@code Connection}, {@code Secret}, or the kind
 *     of a manifest document; empty when a document has none
 * @param field the path inside the resource, e.g. {@code spec.filter.condition}; empty for the
 *     resource as a whole
 */
public record Diagnostic(
    Severity severity, String kind, String namespace, String name, String field, String message) {

  public enum Severity {
    ERROR,
    WARNING
  }

  public static Diagnostic error(
      String kind, String namespace, String name, String field, String message) {
    return new Diagnostic(Severity.ERROR, kind, namespace, name, field, message);
  }

  public static Diagnostic warning(
      String kind, String namespace, String name, String field, String message) {
    return new Diagnostic(Severity.WARNING, kind, namespace, name, field, message);
  }

  /** The same finding, told differently (e.g. with what the runner did about it). */
  public Diagnostic withMessage(String text) {
    return new Diagnostic(severity, kind, namespace, name, field, text);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code Kind/namespace/name}, the key {@code ManifestSet.origins()} uses. */
  public String resourceKey() {
    return kind + "/" + namespace + "/" + name;
  }

  @Override
  public String toString() {
    return severity + " " + kind + " " + namespace + "/" + name + " " + field + ": " + message;
  }
}
