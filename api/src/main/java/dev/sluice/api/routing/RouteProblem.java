package dev.sluice.api.routing;

/**
 * One thing wrong with a Connection's filter or transforms.
 *
 * @param field the resource field path, e.g. {@code spec.filter.condition} or {@code
 *     spec.transform[2].set[properties.total]}
 * @param message what is wrong, for a person; CEL errors start with {@code line:column:}
 */
public record RouteProblem(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
