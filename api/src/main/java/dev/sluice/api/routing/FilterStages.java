package dev.sluice.api.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * The {@code filter} of a Connection, stage by stage; a null stage is not configured.
 *
 * <p>Event names apply to track messages only: other types have no event name, so they pass the
 * events stage (use {@code types} to drop them).
 */
record FilterStages(
    Set<String> types,
    EventPatterns include,
    EventPatterns exclude,
    Sampler sampler,
    MessageCondition condition) {

  static final FilterStages NONE = new FilterStages(null, null, null, null, null);

  /** Null when the message passes every stage. */
  RouteOutcome.Filtered apply(ObjectNode message) {
    JsonNode typeNode = message.get("type");
    String type = typeNode != null && typeNode.isTextual() ? typeNode.textValue() : null;
    if (types != null && (type == null || !types.contains(type))) {
      return filtered(
          FilterReason.TYPE,
          (type == null ? "the message has no type" : "type " + type + " is not")
              + " in filter.types "
              + types);
    }
    if ((include != null || exclude != null) && "track".equals(type)) {
      RouteOutcome.Filtered byEvent = byEvent(message);
      if (byEvent != null) {
        return byEvent;
      }
    }
    if (sampler != null && !sampler.keeps(sampleKey(message))) {
      return filtered(
          FilterReason.SAMPLE, "not in the " + sampler.percent() + "% sample (by messageId)");
    }
    if (condition != null) {
      ConditionResult result = condition.evaluate(message);
      if (result instanceof ConditionResult.NotMatched) {
        return filtered(FilterReason.CONDITION_FALSE, "filter.condition is false");
      }
      if (result instanceof ConditionResult.Failed failed) {
        return filtered(
            FilterReason.CONDITION_ERROR,
            "filter.condition failed: "
                + failed.error()
                + (failed.error().contains("is not present")
                    ? " (guard fields a message may lack with has(...) or message.?a.orValue(x))"
                    : ""));
      }
    }
    return null;
  }

  private RouteOutcome.Filtered byEvent(ObjectNode message) {
    JsonNode eventNode = message.get("event");
    String event = eventNode != null && eventNode.isTextual() ? eventNode.textValue() : null;
    if (include != null) {
      if (event == null) {
        return filtered(FilterReason.EVENT, "the track message has no event name");
      }
      if (include.match(event) == null) {
        return filtered(FilterReason.EVENT, "event '" + event + "' is not in events.include");
      }
    }
    if (exclude != null && event != null) {
      String pattern = exclude.match(event);
      if (pattern != null) {
        return filtered(
            FilterReason.EVENT, "event '" + event + "' matches events.exclude '" + pattern + "'");
      }
    }
    return null;
  }

  /**
   * The messageId; a message without one (the gateway always sets it) is sampled by its whole JSON
   * text, which is still the same decision for the same message.
   */
  private static String sampleKey(ObjectNode message) {
    JsonNode id = message.get("messageId");
    return id != null && id.isTextual() ? id.textValue() : message.toString();
  }

  private static RouteOutcome.Filtered filtered(FilterReason reason, String detail) {
    return new RouteOutcome.Filtered(reason, detail);
  }
}
