package dev.sluice.api.compiler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A write key names exactly one Source: the gateway finds the Source by the key's hash. When two
 * Sources share a key, both get an error naming the other, since neither can be told apart.
 */
final class WriteKeyConflicts {
  private WriteKeyConflicts() {}

  private record Use(SourceCompiler.Compiled source, String field) {}

  static void check(List<SourceCompiler.Compiled> sources) {
    Map<String, List<Use>> byHash = new LinkedHashMap<>();
    for (SourceCompiler.Compiled source : sources) {
      source
          .writeKeys()
          .forEach(
              (hash, field) ->
                  byHash.computeIfAbsent(hash, h -> new ArrayList<>()).add(new Use(source, field)));
    }
    for (List<Use> uses : byHash.values()) {
      if (uses.size() < 2) {
        continue;
      }
      for (Use use : uses) {
        List<String> others =
            uses.stream()
                .filter(other -> other != use)
                .map(
                    other ->
                        "Source "
                            + Resources.key(other.source().resource())
                            + " ("
                            + other.field()
                            + ")")
                .toList();
        use.source()
            .findings()
            .error(
                use.field(),
                "this write key is also used by "
                    + String.join(", ", others)
                    + "; each write key must belong to one Source");
      }
    }
  }
}
