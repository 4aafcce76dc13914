package dev.sluice.cli.tail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.routing.MessageCondition;
import dev.sluice.api.routing.RouteCompileException;
import java.util.function.Predicate;
import picocli.CommandLine;

/**
 * Turns {@code --filter} into a predicate, with the CEL engine Connections use, so that a condition
 * tried here behaves the same in a Connection. A condition that fails on a message (a missing
 * field) does not match it, as in a Connection.
 */
final class MessageFilters {
  private MessageFilters() {}

  static Predicate<ObjectNode> compile(CommandLine.Model.CommandSpec spec, String cel) {
    if (cel == null || cel.isBlank()) {
      return message -> true;
    }
    MessageCondition condition;
    try {
      condition = MessageCondition.compile(cel);
    } catch (RouteCompileException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--filter does not compile: " + e.getMessage());
    }
    return message -> condition.evaluate(message).matched();
  }
}
