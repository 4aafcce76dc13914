package dev.sluice.console;

import dev.sluice.api.compiler.Compilation;
import java.util.List;

/**
 * What runs, as of the last applied change of the manifests.
 *
 * @param problems every diagnostic, including files that did not parse and kept their last good
 *     version
 */
public record ConsoleSnapshot(Compilation compilation, List<Problem> problems) {
  public ConsoleSnapshot {
    problems = List.copyOf(problems);
  }
}
