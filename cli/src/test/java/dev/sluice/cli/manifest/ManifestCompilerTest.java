package dev.sluice.cli.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ManifestCompilerTest {
  private static final String SOURCE_WITHOUT_KEYS =
      """
      apiVersion: sluice.dev/v1alpha1
      kind: Source
      metadata:
        name: app
        namespace: team-a
      """;

  @Test
  void aSourceWithoutWriteKeysGetsTheGeneratedSecretTheOperatorWouldMake() {
    Map<String, String> files = new TreeMap<>(Map.of("app.yaml", SOURCE_WITHOUT_KEYS));

    CompiledManifests compiled = ManifestCompiler.compile(files, id -> "generated-for-" + id);

    assertThat(compiled.diagnostics()).isEmpty();
    assertThat(compiled.compilation().gateway().sources()).hasSize(1);
    assertThat(compiled.writeKeys())
        .containsEntry("team-a/app", java.util.List.of("generated-for-team-a/app"));
  }

  @Test
  void aSecretGivenInTheFolderWinsOverGeneration() {
    Map<String, String> files =
        new TreeMap<>(
            Map.of(
                "app.yaml",
                SOURCE_WITHOUT_KEYS,
                "secret.yaml",
                """
                apiVersion: v1
                kind: Secret
                metadata: {name: app-write-key, namespace: team-a}
                stringData: {writeKey: my-own-key}
                """));

    CompiledManifests compiled = ManifestCompiler.compile(files, id -> "generated");

    assertThat(compiled.writeKeys()).containsEntry("team-a/app", java.util.List.of("my-own-key"));
  }

  @Test
  void eachDiagnosticCarriesTheFileOfItsResource() {
    Map<String, String> files =
        new TreeMap<>(
            Map.of(
                "conn.yaml",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Connection
                metadata: {name: orphan}
                spec:
                  sourceRef: {name: nowhere}
                  destinationRef: {name: nobody}
                """));

    CompiledManifests compiled = ManifestCompiler.compile(files, ManifestCompiler.THROWAWAY_KEYS);

    assertThat(compiled.hasErrors()).isTrue();
    assertThat(compiled.diagnostics())
        .allSatisfy(d -> assertThat(d.file()).isEqualTo("conn.yaml"))
        .anySatisfy(
            d ->
                assertThat(d.format())
                    .startsWith("conn.yaml: ERROR Connection default/orphan spec.sourceRef.name"));
  }

  @Test
  void aFileThatDoesNotParseHasReadErrors() {
    assertThat(ManifestCompiler.readErrors("x.yaml", "kind: Source\nmetadata: {name: a\n"))
        .isNotEmpty();
    assertThat(ManifestCompiler.readErrors("ok.yaml", SOURCE_WITHOUT_KEYS)).isEmpty();
  }
}
