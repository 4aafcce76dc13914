package dev.sluice.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code crds/} folder must be what the build generates from the Java types. To
 * refresh it after changing a type: {@code ./mvnw -q verify -pl api -am -Dsluice.updateCrds=true}
 * (this test then writes the generated files into {@code crds/}; commit them).
 */
class CrdsUpToDateTest {
  static final String REFRESH =
      "crds/ is stale: refresh it with `./mvnw -q verify -pl api -am -Dsluice.updateCrds=true`"
          + " and commit crds/";

  @Test
  void committedCrdsMatchTheGeneratedOnes() throws IOException {
    Map<String, String> generated = Crds.files(Crds.GENERATED);
    assertThat(generated)
        .as("generated CRDs in %s (does the build run the CRD generator?)", Crds.GENERATED)
        .hasSize(3);

    if (Boolean.getBoolean("sluice.updateCrds")) {
      Files.createDirectories(Crds.COMMITTED);
      for (String stale : Crds.files(Crds.COMMITTED).keySet()) {
        if (!generated.containsKey(stale)) {
          Files.delete(Crds.COMMITTED.resolve(stale));
        }
      }
      for (var file : generated.entrySet()) {
        Files.writeString(Crds.COMMITTED.resolve(file.getKey()), file.getValue());
      }
    }

    Map<String, String> committed = Crds.files(Crds.COMMITTED);
    assertThat(committed.keySet()).as(REFRESH).isEqualTo(generated.keySet());
    for (var file : generated.entrySet()) {
      assertThat(committed.get(file.getKey()))
          .as("%s: %s", file.getKey(), REFRESH)
          .isEqualTo(file.getValue());
    }
  }
}
