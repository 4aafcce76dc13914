package dev.sluice.api.manifest;

import dev.sluice.api.compiler.Diagnostic;
import dev.sluice.api.compiler.ResourceSet;
import java.util.List;
import java.util.Map;

/**
 * What a set of manifest files holds.
 *
 * @param resources every resource that read cleanly; one with a reading error is left out
 * @param origins {@code Kind/namespace/name} ({@link Diagnostic#resourceKey()}) to the origin of
 *     the file it came from, for every resource read, left out or not
 * @param problems what could not be read, in file and document order
 */
public record ManifestSet(
    ResourceSet resources, Map<String, String> origins, List<Diagnostic> problems) {
  public ManifestSet {
    origins = Map.copyOf(origins);
    problems = List.copyOf(problems);
  }

  public boolean hasErrors() {
    return problems.stream().anyMatch(Diagnostic::isError);
  }

  /** The file a diagnostic's resource came from, or null when it came from none. */
  public String originOf(Diagnostic diagnostic) {
    return origins.get(diagnostic.resourceKey());
  }
}
