package dev.sluice.api.routing;

/** The result of a {@link MessageCondition} on one message. */
public sealed interface ConditionResult {
  ConditionResult MATCHED = new Matched();
  ConditionResult NOT_MATCHED = new NotMatched();

  /** True only for {@link Matched}: a failed condition never lets a message through. */
  default boolean matched() {
    return this instanceof Matched;
  }

  /** The condition returned true. */
  record Matched() implements ConditionResult {}

  /** The condition returned false. */
  record NotMatched() implements ConditionResult {}

  /**
   * The condition could not be evaluated on this message.
   *
   * @param error the CEL error text, e.g. {@code key 'revenue' is not present in map.}
   */
  record Failed(String error) implements ConditionResult {}
}
