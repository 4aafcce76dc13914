package dev.sluice.api.compiler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.catalog.CatalogField;
import dev.sluice.api.catalog.RequiredIf;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fields required only when other fields have some value (actions-core's {@code required: {match,
 * conditions}}), checked against a mapping or a settings block before anything runs.
 *
 * <p>Only what can be decided without an event is reported: a condition on a field mapped to a
 * directive ({@code @path}, {@code @template}, {@code @if}, ...) depends on each event, so a rule
 * with such a condition is left to the runtime (where a payload that breaks it is a 400 and
 * dead-lettered). A field that is absent is unset; a literal is compared as JSON.
 */
final class ConditionalFields {
  private ConditionalFields() {}

  /** A field that the given values leave unset although its conditions hold. */
  record Missing(String field, RequiredIf rule) {}

  /** Whether a condition holds; UNKNOWN when it depends on the event. */
  private enum Truth {
    TRUE,
    FALSE,
    UNKNOWN
  }

  static List<Missing> check(Map<String, CatalogField> fields, Map<String, JsonNode> values) {
    List<Missing> out = new ArrayList<>();
    fields.forEach(
        (name, field) -> {
          RequiredIf rule = field.requiredIf();
          if (rule != null
              && !rule.conditions().isEmpty()
              && isUnset(values.get(name))
              && holds(rule, fields, values) == Truth.TRUE) {
            out.add(new Missing(name, rule));
          }
        });
    return out;
  }

  private static Truth holds(
      RequiredIf rule, Map<String, CatalogField> fields, Map<String, JsonNode> values) {
    boolean unknown = false;
    for (RequiredIf.Condition c : rule.conditions()) {
      Truth t = holds(c, fields, values);
      if (t == Truth.UNKNOWN) {
        unknown = true;
      } else if ((t == Truth.TRUE) == rule.any()) {
        return t; // any: one true decides; all: one false decides
      }
    }
    return unknown ? Truth.UNKNOWN : rule.any() ? Truth.FALSE : Truth.TRUE;
  }

  private static Truth holds(
      RequiredIf.Condition c, Map<String, CatalogField> fields, Map<String, JsonNode> values) {
    if (c.syncMode() || c.field() == null || !fields.containsKey(c.field())) {
      return Truth.UNKNOWN; // sync modes and Segment's internal fields are not ours to know
    }
    JsonNode value = values.get(c.field());
    if (isUnset(value)) {
      // Unset: "is not set" holds; a comparison with a value does not (the schema's if needs the
      // field present for both is and is_not).
      return truth(c.value() == null || c.value().isNull() ? !c.negated() : false);
    }
    if (isDirective(value)) {
      return Truth.UNKNOWN;
    }
    if (c.value() == null || c.value().isNull()) {
      return truth(c.negated()); // set: "is set" holds
    }
    return truth(value.equals(c.value()) != c.negated());
  }

  private static Truth truth(boolean b) {
    return b ? Truth.TRUE : Truth.FALSE;
  }

  private static boolean isUnset(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode();
  }

  /** {@code {"@path": ...}} and its kin: resolved per event. */
  private static boolean isDirective(JsonNode value) {
    if (!value.isObject()) {
      return false;
    }
    var names = value.fieldNames();
    while (names.hasNext()) {
      if (names.next().startsWith("@")) {
        return true;
      }
    }
    return false;
  }
}
