package dev.sluice.operator.reconcile;

import dev.sluice.operator.model.ConfigHash;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which versions of which objects an outcome was computed from: equal fingerprints, equal inputs
 * (resourceVersion changes with every write of an object).
 */
final class Fingerprint {
  private Fingerprint() {}

  @SafeVarargs
  static String of(List<? extends HasMetadata>... lists) {
    return ConfigHash.of(
        Stream.of(lists)
            .flatMap(List::stream)
            .map(Fingerprint::version)
            .sorted()
            .collect(Collectors.joining(",")));
  }

  static String versions(List<? extends Optional<? extends HasMetadata>> objects) {
    return objects.stream()
        .map(o -> o.map(Fingerprint::version).orElse("-"))
        .collect(Collectors.joining(","));
  }

  private static String version(HasMetadata o) {
    return o.getKind()
        + "/"
        + o.getMetadata().getName()
        + "@"
        + o.getMetadata().getResourceVersion()
        + (o.getMetadata().getDeletionTimestamp() == null ? "" : "-deleting");
  }
}
