package dev.sluice.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code crds/} folder must be what the build generates from the Java types. To
 * refresh it after changing a type: {@code ./mvnw -q verify -pl api -am -Dsluice.updateCrds=true}
 * (this test then writes the generated files into {@code crds/} and the Helm chart's copy in {@code
 * helm/sluice/crds/}; commit both).
 */
class CrdsUpToDateTest {
  static final String REFRESH =
      "crds/ or helm/sluice/crds/ is stale: refresh them with"
          + " `./mvnw -q verify -pl api -am -Dsluice.updateCrds=true` and commit both";

  /** The committed CRDs and the Helm chart's copy (Helm installs only from its own crds/). */
  static final List<Path> COPIES =
      List.of(Crds.COMMITTED, Crds.COMMITTED.resolveSibling("helm/sluice/crds"));

  @Test
  void committedCrdsMatchTheGeneratedOnes() throws IOException {
    Map<String, String> generated = Crds.files(Crds.GENERATED);
    assertThat(generated)
        .as("generated CRDs in %s (does the build run the CRD generator?)", Crds.GENERATED)
        .hasSize(3);

    for (Path folder : COPIES) {
      if (Boolean.getBoolean("sluice.updateCrds")) {
        Files.createDirectories(folder);
        for (String stale : Crds.files(folder).keySet()) {
          if (!generated.containsKey(stale)) {
            Files.delete(folder.resolve(stale));
          }
        }
        for (var file : generated.entrySet()) {
          Files.writeString(folder.resolve(file.getKey()), file.getValue());
        }
      }

      Map<String, String> committed = Crds.files(folder);
      assertThat(committed.keySet()).as("%s: %s", folder, REFRESH).isEqualTo(generated.keySet());
      for (var file : generated.entrySet()) {
        assertThat(committed.get(file.getKey()))
            .as("%s/%s: %s", folder, file.getKey(), REFRESH)
            .isEqualTo(file.getValue());
      }
    }
  }
}
