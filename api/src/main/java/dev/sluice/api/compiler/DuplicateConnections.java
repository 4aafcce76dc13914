package dev.sluice.api.compiler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two Connections from one Source to one Destination are allowed (each may filter differently) but
 * deliver a message that passes both twice, so each gets a warning naming the others.
 */
final class DuplicateConnections {
  private DuplicateConnections() {}

  static void check(List<ConnectionCompiler.Compiled> connections) {
    Map<String, List<ConnectionCompiler.Compiled>> byPair = new LinkedHashMap<>();
    for (ConnectionCompiler.Compiled connection : connections) {
      if (connection.config() != null) {
        String pair = connection.destinationKey() + "<-" + connection.config().source();
        byPair.computeIfAbsent(pair, p -> new ArrayList<>()).add(connection);
      }
    }
    for (List<ConnectionCompiler.Compiled> same : byPair.values()) {
      if (same.size() < 2) {
        continue;
      }
      for (ConnectionCompiler.Compiled connection : same) {
        List<String> others =
            same.stream()
                .filter(other -> other != connection)
                .map(other -> other.config().name())
                .toList();
        connection
            .findings()
            .warning(
                "spec.destinationRef.name",
                "Connection "
                    + String.join(", ", others)
                    + " also connects Source "
                    + connection.config().source()
                    + " to this Destination; a message that"
                    + " passes both is delivered twice");
      }
    }
  }
}
