package dev.sluice.api.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.manifest.ManifestFile;
import dev.sluice.api.manifest.ManifestReader;
import dev.sluice.api.manifest.ManifestSet;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Resource sets for compiler tests: the valid {@code shop} namespace, changed per case. */
final class Fixtures {
  private Fixtures() {}

  static String text(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ResourceSet read(String origin, String yaml) {
    ManifestSet set = new ManifestReader().read(new ManifestFile(origin, yaml));
    assertThat(set.problems()).as("problems reading " + origin).isEmpty();
    return set.resources();
  }

  static ResourceSet shop() {
    return read("compiler/shop.yaml", text("compiler/shop.yaml"));
  }

  /**
   * The shop set with {@code yaml}'s resources added, each replacing the shop's resource of the
   * same kind, namespace and name, and without the resources named {@code Kind/namespace/name} in
   * {@code removed}.
   */
  static ResourceSet shopWith(String yaml, String... removed) {
    ResourceSet base = shop();
    ResourceSet extra =
        yaml.isBlank()
            ? new ResourceSet(List.of(), List.of(), List.of(), List.of())
            : read("case.yaml", yaml);
    Set<String> gone = Set.of(removed);
    return new ResourceSet(
        merge(base.sources(), extra.sources(), gone),
        merge(base.destinations(), extra.destinations(), gone),
        merge(base.connections(), extra.connections(), gone),
        merge(base.secrets(), extra.secrets(), gone));
  }

  private static <T extends HasMetadata> List<T> merge(
      List<T> base, List<T> extra, Set<String> gone) {
    Function<T, String> key =
        r -> r.getKind() + "/" + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
    Map<String, T> merged = new LinkedHashMap<>();
    base.forEach(r -> merged.put(key.apply(r), r));
    extra.forEach(r -> merged.put(key.apply(r), r));
    gone.forEach(merged::remove);
    return new ArrayList<>(merged.values());
  }
}
