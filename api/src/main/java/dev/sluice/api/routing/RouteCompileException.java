package dev.sluice.api.routing;

import java.util.List;
import java.util.stream.Collectors;

/** A filter, transform or condition that does not compile; carries every problem found. */
public final class RouteCompileException extends Exception {
  private final List<RouteProblem> problems;

  public RouteCompileException(List<RouteProblem> problems) {
    super(
        problems.stream().map(RouteProblem::toString).collect(Collectors.joining("; ")),
        null,
        false,
        false);
    this.problems = List.copyOf(problems);
  }

  public List<RouteProblem> problems() {
    return problems;
  }
}
