package dev.sluice.operator;

import dev.sluice.api.compiler.ResourceSet;
import dev.sluice.api.manifest.ManifestFile;
import dev.sluice.api.manifest.ManifestReader;
import dev.sluice.api.manifest.ManifestSet;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The repository's {@code examples/} manifests, as tests apply them. */
public final class Examples {
  private Examples() {}

  /** The top-level folder of the repository (tests run in {@code operator/}). */
  public static Path root() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("examples")) ? here : here.getParent();
  }

  public static List<ManifestFile> files(String folder) {
    try (Stream<Path> paths = Files.list(root().resolve("examples").resolve(folder))) {
      List<ManifestFile> files = new ArrayList<>();
      for (Path path : paths.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        files.add(new ManifestFile(path.toString(), Files.readString(path)));
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The resources of an example folder, in namespace {@code default}, with made-up uids. */
  public static ResourceSet resources(String folder) {
    ManifestSet set = new ManifestReader().read(files(folder));
    if (set.hasErrors()) {
      throw new IllegalStateException("examples/" + folder + ": " + set.problems());
    }
    ResourceSet resources = set.resources();
    Stream.of(resources.sources(), resources.destinations(), resources.connections())
        .flatMap(List::stream)
        .forEach(Examples::giveUid);
    return resources;
  }

  private static void giveUid(HasMetadata resource) {
    resource
        .getMetadata()
        .setUid("uid-" + resource.getKind() + "-" + resource.getMetadata().getName());
  }
}
