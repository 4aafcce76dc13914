package dev.sluice.cli.tail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;
import picocli.CommandLine;

/** Turns {@code --filter} into a predicate, with the same CEL engine Connections use. */
final class MessageFilters {
  private MessageFilters() {}

  static Predicate<ObjectNode> compile(CommandLine.Model.CommandSpec spec, String cel) {
    if (cel == null || cel.isBlank()) {
      return message -> true;
    }
    throw new CommandLine.ParameterException(
        spec.commandLine(), "--filter needs the routing engine, which this build does not have");
  }
}
