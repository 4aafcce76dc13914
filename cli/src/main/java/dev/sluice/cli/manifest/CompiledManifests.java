package dev.sluice.cli.manifest;

import dev.sluice.api.compiler.Compilation;
import java.util.List;
import java.util.Map;

/**
 * A folder's manifests compiled.
 *
 * @param diagnostics the reader's and the compiler's findings, each with its file
 * @param writeKeys the write keys of every Source by {@code namespace/name}, for the summary
 * @param destinations the Connections of every Destination by {@code namespace/name}
 */
public record CompiledManifests(
    Compilation compilation,
    List<LocatedDiagnostic> diagnostics,
    Map<String, List<String>> writeKeys,
    Map<String, List<String>> destinations) {
  public CompiledManifests {
    diagnostics = List.copyOf(diagnostics);
    writeKeys = Map.copyOf(writeKeys);
    destinations = Map.copyOf(destinations);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(LocatedDiagnostic::isError);
  }

  public long errorCount() {
    return diagnostics.stream().filter(LocatedDiagnostic::isError).count();
  }

  public long warningCount() {
    return diagnostics.size() - errorCount();
  }
}
