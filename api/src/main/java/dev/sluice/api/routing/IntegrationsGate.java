package dev.sluice.api.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Segment's {@code integrations} object: {@code integrations.<Name>} (case-sensitive) decides when
 * it is {@code true}, {@code false} or an object of options; otherwise {@code integrations.All}
 * decides, and it defaults to true. So {@code {"All": false, "Webhook": true}} reaches only the
 * Webhook. Values of other kinds (null, strings, numbers) count as absent.
 */
final class IntegrationsGate {
  private final String name;

  /** detail is null when the message passes; options is the destination's options object. */
  record Decision(String detail, ObjectNode options) {}

  private static final Decision PASS = new Decision(null, null);

  IntegrationsGate(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  Decision decide(ObjectNode message) {
    if (!(message.get("integrations") instanceof ObjectNode integrations)) {
      return PASS;
    }
    JsonNode own = name == null ? null : integrations.get(name);
    if (own != null) {
      if (own.isBoolean()) {
        return own.booleanValue() ? PASS : new Decision("integrations." + name + " is false", null);
      }
      if (own instanceof ObjectNode options) {
        return new Decision(null, options);
      }
    }
    JsonNode all = integrations.get("All");
    if (all != null && all.isBoolean() && !all.booleanValue()) {
      return new Decision(
          "integrations.All is false and integrations." + name + " is not true", null);
    }
    return PASS;
  }
}
