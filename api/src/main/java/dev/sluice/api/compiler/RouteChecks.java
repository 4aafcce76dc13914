package dev.sluice.api.compiler;

import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.sluice.api.v1alpha1.ConnectionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a Connection's filter and transforms so the worker can build them without new errors.
 * Fields are relative to {@code spec}.
 */
final class RouteChecks {
  record Problem(String field, String message) {}

  private static final CelCompiler CEL =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true).build())
          .addVar("message", SimpleType.DYN)
          .build();

  private RouteChecks() {}

  static List<Problem> check(
      ConnectionSpec.Filter filter, List<ConnectionSpec.TransformStep> steps) {
    List<Problem> problems = new ArrayList<>();
    if (filter != null && filter.condition() != null) {
      cel(filter.condition(), "filter.condition", problems);
    }
    for (int i = 0; i < steps.size(); i++) {
      ConnectionSpec.TransformStep step = steps.get(i);
      if (step != null && step.set() != null) {
        for (Map.Entry<String, String> set : step.set().entrySet()) {
          cel(set.getValue(), "transform[" + i + "].set[" + set.getKey() + "]", problems);
        }
      }
    }
    return problems;
  }

  private static void cel(String expression, String field, List<Problem> problems) {
    CelValidationResult result = CEL.compile(expression == null ? "" : expression);
    if (result.hasError()) {
      // One clause per error ("1:5: mismatched input ..."), without the source excerpt and caret.
      String errors =
          result
              .getErrorString()
              .lines()
              .filter(line -> line.startsWith("ERROR: <input>:"))
              .map(line -> line.substring("ERROR: <input>:".length()))
              .collect(java.util.stream.Collectors.joining("; "));
      problems.add(new Problem(field, "CEL expression does not compile at " + errors));
    }
  }
}
