package dev.sluice.api.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.Source;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sets built in code (by the operator, from its informers) may hold what the API server never
 * would: repeats, missing names and namespaces. Each is reported, never a crash.
 */
class ResourceSetShapeTest {

  private static Source source(String namespace, String name) {
    Source source = new Source();
    source.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    return source;
  }

  private static Secret generatedKey(String namespace, String source, String value) {
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(Names.generatedWriteKeySecret(source))
        .endMetadata()
        .withStringData(Map.of(Names.GENERATED_WRITE_KEY, value))
        .build();
  }

  @Test
  void aSourceWithoutSpecOrNamespaceUsesDefaultsAndTheDefaultNamespace() {
    Compilation compilation =
        new Compiler()
            .compile(
                new ResourceSet(
                    List.of(source(null, "web")),
                    List.of(),
                    List.of(),
                    List.of(generatedKey("default", "web", "k1"))));
    assertThat(compilation.diagnostics()).isEmpty();
    assertThat(compilation.gateway().sources())
        .singleElement()
        .satisfies(
            route -> {
              assertThat(route.namespace()).isEqualTo("default");
              assertThat(route.topic()).isEqualTo("sluice.default.web");
              assertThat(route.enabled()).isTrue();
              assertThat(route.allowedOrigins()).containsExactly("*");
            });
  }

  @Test
  void aRepeatedResourceIsReportedOnceAndTheFirstIsUsed() {
    Compilation compilation =
        new Compiler()
            .compile(
                new ResourceSet(
                    List.of(source("shop", "web"), source("shop", "web"), source("shop", "web")),
                    List.of(),
                    List.of(),
                    List.of(generatedKey("shop", "web", "k1"))));
    assertThat(compilation.diagnostics())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.field()).isEqualTo("metadata.name");
              assertThat(d.message()).contains("Source shop/web is given more than once");
            });
    assertThat(compilation.gateway().sources()).hasSize(1);
  }

  @Test
  void aNamelessOrBadlyNamedResourceIsReported() {
    Compilation compilation =
        new Compiler()
            .compile(
                new ResourceSet(
                    List.of(source("shop", ""), source("shop", "Web Shop"), source("Shop", "web")),
                    List.of(),
                    List.of(),
                    List.of()));
    assertThat(compilation.diagnostics())
        .extracting(Diagnostic::field, Diagnostic::message)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("metadata.name", "metadata.name is required"),
            org.assertj.core.groups.Tuple.tuple(
                "metadata.name",
                "\"Web Shop\" is not a valid name: use lower-case letters, digits, '-' and '.'"),
            org.assertj.core.groups.Tuple.tuple(
                "metadata.namespace",
                "namespace \"Shop\" is not a DNS label (lower-case letters, digits and '-')"));
    assertThat(compilation.gateway().sources()).isEmpty();
  }
}
