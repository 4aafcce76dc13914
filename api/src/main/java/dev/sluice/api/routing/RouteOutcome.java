package dev.sluice.api.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a Connection does with one message: pass it (transformed) or filter it with a reason. */
public sealed interface RouteOutcome {

  /**
   * The message goes on to the Destination.
   *
   * @param message a fresh copy the caller owns (transforms applied); never the input instance
   * @param integrationOptions {@code integrations.<Name>} when it is an object, else null
   */
  record Pass(ObjectNode message, JsonNode integrationOptions) implements RouteOutcome {}

  /**
   * The message does not go to this Destination.
   *
   * @param detail why, for a person (and logs); never contains message values beyond names
   */
  record Filtered(FilterReason reason, String detail) implements RouteOutcome {}
}
