package dev.sluice.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code catalog/actions.json.gz} must be what the generator makes from the pinned
 * npm package. To refresh it: {@code (cd actions-runtime && npm ci --ignore-scripts && node
 * src/catalog/generate.js)} and commit the file. Skips, saying so, when the runtime's packages are
 * not installed; {@code .ci/run} installs them, so CI checks it.
 */
class CatalogUpToDateTest {
  private static final Path RUNTIME = Path.of("..", "actions-runtime");

  @Test
  void committedCatalogMatchesTheGeneratedOne() throws Exception {
    Assumptions.assumeTrue(
        Files.isDirectory(RUNTIME.resolve("node_modules/@segment/action-destinations")),
        "actions-runtime/node_modules is absent: run `npm ci --ignore-scripts` in actions-runtime"
            + " to check the catalog description");
    Process node =
        new ProcessBuilder("node", "src/catalog/generate.js", "--stdout")
            .directory(RUNTIME.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] generated = node.getInputStream().readAllBytes();
    assertThat(node.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).isZero();
    String committed = committed();
    assertThat(new String(generated, StandardCharsets.UTF_8))
        .as(
            "api/src/main/resources%s is stale: run `node src/catalog/generate.js` in"
                + " actions-runtime and commit it",
            ActionsCatalog.RESOURCE)
        .isEqualTo(committed);
    assertThat(ActionsCatalog.read(new ByteArrayInputStream(generated)).destinations())
        .hasSize(ActionsCatalog.get().destinations().size());
  }

  private static String committed() throws IOException {
    try (InputStream in =
        new GZIPInputStream(ActionsCatalog.class.getResourceAsStream(ActionsCatalog.RESOURCE))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
