package dev.sluice.console.debugger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.routing.MessageCondition;
import dev.sluice.api.routing.RouteCompileException;
import dev.sluice.console.http.ApiException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the debugger shows: messages of these types, whose event (or page/screen name) contains this
 * text, for which this CEL condition is true. The condition is the routing engine's, so a condition
 * tried here behaves as in a Connection, including "an expression that fails on a message does not
 * match it". A rejected item that is not a JSON object passes only when no filter is set.
 */
public final class DebuggerFilter {
  private final Set<String> types;
  private final String event;
  private final MessageCondition condition;

  DebuggerFilter(Set<String> types, String event, MessageCondition condition) {
    this.types = types;
    this.event = event;
    this.condition = condition;
  }

  /**
   * @param types comma-separated, or null for all
   * @param event a case-insensitive part of the event name, or null
   * @param cel a CEL expression over {@code message}, or null
   * @throws ApiException 400 when the expression does not compile
   */
  public static DebuggerFilter of(String types, String event, String cel) {
    Set<String> typeSet =
        types == null || types.isBlank()
            ? Set.of()
            : Arrays.stream(types.split(","))
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    MessageCondition condition = null;
    if (cel != null && !cel.isBlank()) {
      try {
        condition = MessageCondition.compile(cel);
      } catch (RouteCompileException e) {
        throw ApiException.badRequest("the CEL filter does not compile: " + e.getMessage());
      }
    }
    String needle =
        event == null || event.isBlank() ? null : event.strip().toLowerCase(Locale.ROOT);
    return new DebuggerFilter(typeSet, needle, condition);
  }

  public boolean isEmpty() {
    return types.isEmpty() && event == null && condition == null;
  }

  /**
   * @param message null when the record is not a JSON object
   */
  public boolean test(ObjectNode message) {
    if (message == null) {
      return isEmpty();
    }
    if (!types.isEmpty() && !types.contains(message.path("type").asText())) {
      return false;
    }
    if (event != null) {
      String name =
          message.hasNonNull("event")
              ? message.get("event").asText()
              : message.path("name").asText("");
      if (!name.toLowerCase(Locale.ROOT).contains(event)) {
        return false;
      }
    }
    return condition == null || condition.evaluate(message).matched();
  }
}
