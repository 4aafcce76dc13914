package dev.sluice.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.compiler.ResourceSet;
import dev.sluice.api.v1alpha1.Source;
import dev.sluice.api.v1alpha1.SourceSpec;
import dev.sluice.operator.Examples;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class SecretRefsTest {
  @Test
  void everySecretKeyRefOfASpecWhereverItIs() {
    ResourceSet quickstart = Examples.resources("quickstart");
    ResourceSet more = Examples.resources("more");

    assertThat(SecretRefs.of(quickstart.sources().get(0))).containsExactly("web-shop-write-key");
    assertThat(
            SecretRefs.of(
                quickstart.destinations().stream()
                    .filter(d -> d.getMetadata().getName().equals("local-hook"))
                    .findFirst()
                    .orElseThrow()
                    .getSpec()))
        .containsExactly("local-hook");
    // Header values, SASL and S3 credentials: found without naming those fields.
    assertThat(
            more.destinations().stream()
                .flatMap(d -> SecretRefs.of(d.getSpec()).stream())
                .distinct()
                .toList())
        .isNotEmpty();
  }

  @Test
  void aSourceWithoutWriteKeysUsesItsGeneratedSecret() {
    Source source = new Source();
    source.setMetadata(new ObjectMetaBuilder().withName("app").build());
    source.setSpec(new SourceSpec(null, null, null, null, null));
    assertThat(SecretRefs.of(source)).containsExactly("app-write-key");
  }
}
