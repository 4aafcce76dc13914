package dev.sluice.api.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.List;
import java.util.Optional;

/**
 * The one CEL environment for expressions over {@code message}: a {@code map(string, dyn)} so any
 * field can be selected, standard macros, string extensions, optional field selection ({@code
 * message.?properties.?revenue.orValue(0)}), and numeric comparisons across int and double (JSON
 * does not say whether {@code 12} is an int or a double). Built once; compiled programs are
 * immutable and thread-safe.
 */
final class CelEngine {
  static final String VARIABLE = "message";

  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true).build())
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addCompilerLibraries(CelExtensions.strings(), CelExtensions.optional())
          .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.optional())
          .addVar(VARIABLE, MapType.create(SimpleType.STRING, SimpleType.DYN))
          .build();

  private CelEngine() {}

  /** A compiled expression; evaluation never throws, it returns the error text instead. */
  static final class Expression {
    private final String source;
    private final CelRuntime.Program program;

    private Expression(String source, CelRuntime.Program program) {
      this.source = source;
      this.program = program;
    }

    String source() {
      return source;
    }

    /** Evaluates over a lazy view of {@code message}; the message is only read. */
    Object evaluate(ObjectNode message) throws CelEvaluationException {
      Object view = JsonCel.toCel(message);
      return program.eval(name -> VARIABLE.equals(name) ? Optional.of(view) : Optional.empty());
    }
  }

  /**
   * Compiles {@code source}; on failure adds one problem per CEL issue (with {@code line:column})
   * under {@code field} and returns null.
   */
  static Expression compile(
      String source, boolean mustBeBool, String field, List<RouteProblem> problems) {
    if (source == null || source.isBlank()) {
      problems.add(new RouteProblem(field, "the CEL expression is empty"));
      return null;
    }
    CelValidationResult result = CEL.compile(source);
    if (result.hasError()) {
      for (CelIssue issue : result.getErrors()) {
        problems.add(new RouteProblem(field, describe(issue)));
      }
      return null;
    }
    try {
      CelAbstractSyntaxTree ast = result.getAst();
      CelKind kind = ast.getResultType().kind();
      if (mustBeBool && kind != CelKind.BOOL && kind != CelKind.DYN && kind != CelKind.ANY) {
        problems.add(
            new RouteProblem(
                field,
                "the condition must return a bool, but it returns " + ast.getResultType().name()));
        return null;
      }
      return new Expression(source, CEL.createProgram(ast));
    } catch (CelValidationException | CelEvaluationException e) {
      problems.add(new RouteProblem(field, e.getMessage()));
      return null;
    }
  }

  private static String describe(CelIssue issue) {
    var location = issue.getSourceLocation();
    if (location == null || location.getLine() <= 0) {
      return issue.getMessage();
    }
    // CEL columns are 0-based; people (and editors) count from 1.
    return location.getLine() + ":" + (location.getColumn() + 1) + ": " + issue.getMessage();
  }

  /** The CEL error text without the exception's class name, for a person. */
  static String errorText(CelEvaluationException e) {
    String text = e.getMessage();
    return text == null ? e.getClass().getSimpleName() : text;
  }
}
