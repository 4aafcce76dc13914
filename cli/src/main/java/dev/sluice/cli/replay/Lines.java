package dev.sluice.cli.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.message.MessageJson;
import dev.sluice.runtime.deadletter.DeadLetter;
import dev.sluice.runtime.deadletter.FailureContext;

/** One line per dead letter: where it is, why it failed, and what the message was. */
final class Lines {
  private Lines() {}

  static String of(DeadLetter d) {
    FailureContext f = d.failure();
    return d.position()
        + "  "
        + (f.connection().isEmpty() ? "(unreadable)" : f.connection())
        + "  attempts "
        + f.attempts()
        + "  last status "
        + f.lastStatus()
        + (f.lastError().isEmpty() ? "" : " (" + f.lastError() + ")")
        + (f.lastAttempt() == null ? "" : "  at " + f.lastAttempt())
        + "  "
        + message(d);
  }

  private static String message(DeadLetter d) {
    try {
      JsonNode m = MessageJson.mapper().readTree(d.value());
      String what = m.path("type").asText("?");
      if (m.hasNonNull("event")) {
        what += " " + m.get("event").asText();
      }
      return what + "  messageId " + m.path("messageId").asText("?");
    } catch (Exception e) {
      return "(" + d.value().length + " bytes, not JSON)";
    }
  }
}
