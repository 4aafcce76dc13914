package dev.sluice.api.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * When a field that is not always required is: actions-core's {@code required: {match,
 * conditions}}, which it turns into JSON-schema if/then rules and enforces on every event (a
 * payload that breaks one fails with a 400 and is dead-lettered).
 *
 * @param match {@code all} (the default) or {@code any}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RequiredIf(String match, List<Condition> conditions) {

  public RequiredIf {
    match = "any".equals(match) ? "any" : "all";
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }

  public boolean any() {
    return "any".equals(match);
  }

  /**
   * One condition on another field.
   *
   * @param field the other field's key, or null for a condition on Segment's sync mode
   * @param operator {@code is} or {@code is_not}
   * @param value the value compared with, or null: then the condition is whether the field is unset
   *     ({@code is}) or set ({@code is_not})
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Condition(String field, String operator, JsonNode value, boolean syncMode) {

    public boolean negated() {
      return "is_not".equals(operator);
    }

    /** In words, e.g. {@code user_alias is not set}, {@code auth_type is "password"}. */
    public String describe() {
      String subject = syncMode ? "the sync mode" : field;
      if (value == null || value.isNull()) {
        return subject + (negated() ? " is set" : " is not set");
      }
      return subject + (negated() ? " is not " : " is ") + value;
    }
  }

  /** In words, e.g. {@code when recipients is not set and audience is not set}. */
  public String describe() {
    return "when "
        + conditions.stream()
            .map(Condition::describe)
            .collect(Collectors.joining(any() ? " or " : " and "));
  }
}
