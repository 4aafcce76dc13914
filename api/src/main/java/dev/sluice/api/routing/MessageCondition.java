package dev.sluice.api.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.runtime.CelEvaluationException;
import java.util.ArrayList;
import java.util.List;

/**
 * A CEL predicate over {@code message} (the Segment message as a map). JSON integers are CEL ints
 * and other numbers doubles, and the two compare with each other ({@code message.properties.revenue
 * > 10} holds for 12 and 12.5).
 *
 * <p>Reading a key the message does not have is an error in CEL, not false or null: {@code
 * message.properties.revenue > 10} fails on a message without {@code revenue}, and a failed
 * condition never passes a message. Guard optional fields: {@code has(message.properties.revenue)
 * && message.properties.revenue > 10} (each level: {@code has(message.context) &&
 * has(message.context.ip)}), or select optionally with a default: {@code
 * message.?properties.?revenue.orValue(0) > 10}. Thread-safe; compile once, evaluate per message.
 */
public final class MessageCondition {
  private final CelEngine.Expression expression;

  private MessageCondition(CelEngine.Expression expression) {
    this.expression = expression;
  }

  /** Compiles a condition; problems are reported under the field {@code condition}. */
  public static MessageCondition compile(String expression) throws RouteCompileException {
    List<RouteProblem> problems = new ArrayList<>();
    MessageCondition condition = compile(expression, "condition", problems);
    if (!problems.isEmpty()) {
      throw new RouteCompileException(problems);
    }
    return condition;
  }

  /** Compiles or adds problems under {@code field} and returns null. */
  static MessageCondition compile(String expression, String field, List<RouteProblem> problems) {
    CelEngine.Expression compiled = CelEngine.compile(expression, true, field, problems);
    return compiled == null ? null : new MessageCondition(compiled);
  }

  public String expression() {
    return expression.source();
  }

  /** Evaluates over the message without changing it. */
  public ConditionResult evaluate(ObjectNode message) {
    Object result;
    try {
      result = expression.evaluate(message);
    } catch (CelEvaluationException e) {
      return new ConditionResult.Failed(CelEngine.errorText(e));
    } catch (RuntimeException e) {
      // cel-java can surface some type errors as unchecked exceptions; they still fail closed.
      return new ConditionResult.Failed(String.valueOf(e.getMessage()));
    }
    if (result instanceof Boolean b) {
      return b ? ConditionResult.MATCHED : ConditionResult.NOT_MATCHED;
    }
    return new ConditionResult.Failed(
        "the condition returned "
            + (result == null ? "null" : result.getClass().getSimpleName())
            + ", not a bool");
  }

  @Override
  public String toString() {
    return expression.source();
  }
}
