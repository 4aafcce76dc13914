package dev.sluice.api.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.manifest.ManifestFile;
import dev.sluice.api.manifest.ManifestReader;
import dev.sluice.api.manifest.ManifestSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every example folder reads and compiles cleanly: what the README shows, runs. */
class ExamplesCompileTest {
  /** Tests run in {@code api/}; the examples live at the repository's root. */
  private static final Path EXAMPLES = Path.of("..", "examples");

  @ParameterizedTest(name = "examples/{0}")
  @ValueSource(strings = {"quickstart", "more", "warehouse"})
  void readsAndCompilesWithoutErrors(String folder) throws IOException {
    List<ManifestFile> files;
    try (Stream<Path> paths = Files.list(EXAMPLES.resolve(folder))) {
      files =
          paths
              .filter(p -> p.toString().endsWith(".yaml"))
              .sorted()
              .map(p -> new ManifestFile(p.toString(), read(p)))
              .toList();
    }
    assertThat(files).isNotEmpty();
    ManifestSet set = new ManifestReader().read(files);
    assertThat(set.problems()).isEmpty();

    Compilation compilation = new Compiler().compile(set.resources());
    assertThat(compilation.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
    assertThat(compilation.gateway().sources()).hasSize(set.resources().sources().size());
    assertThat(compilation.workers()).hasSize(set.resources().destinations().size());
    assertThat(compilation.workers().stream().mapToInt(w -> w.connections().size()).sum())
        .isEqualTo(set.resources().connections().size());
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
