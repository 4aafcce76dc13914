package dev.sluice.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.compiler.Compilation;
import dev.sluice.api.compiler.Compiler;
import dev.sluice.api.manifest.ManifestFile;
import dev.sluice.api.manifest.ManifestReader;
import dev.sluice.api.manifest.ManifestSet;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest under examples/ is what the generated CRDs accept, and each folder is whole. */
class ExamplesTest {
  static final Path EXAMPLES = Path.of("..", "examples");
  static final ResourceValidator VALIDATOR = ResourceValidator.fromGeneratedCrds();

  static Stream<Path> exampleFiles() throws IOException {
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      List<Path> yaml =
          files
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .sorted()
              .toList();
      assertThat(yaml).as("YAML files under %s", EXAMPLES.toAbsolutePath()).isNotEmpty();
      return yaml.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleFiles")
  void everyResourceIsValid(Path file) {
    List<JsonNode> docs = Crds.documents(file);
    assertThat(docs).as("documents in %s", file).isNotEmpty();
    for (JsonNode doc : docs) {
      String what = file + ": " + doc.path("kind").asText() + " " + doc.at("/metadata/name");
      if (ResourceValidator.isSluiceResource(doc)) {
        assertThat(VALIDATOR.violations(doc)).as(what).isEmpty();
      } else {
        // Secrets are not ours to validate in depth, but a typo there breaks the example too.
        assertThat(doc.path("apiVersion").asText()).as(what).isEqualTo("v1");
        assertThat(doc.path("kind").asText()).as(what).isEqualTo("Secret");
        assertThat(doc.has("stringData") || doc.has("data")).as(what + " has data").isTrue();
      }
    }
  }

  /** What the compiler reads: the same YAML into the Java types, with no field left over. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleFiles")
  void everyResourceReadsIntoTheJavaTypes(Path file) throws IOException {
    for (JsonNode doc : Crds.documents(file)) {
      if (!ResourceValidator.isSluiceResource(doc)) {
        continue;
      }
      Class<? extends CustomResource<?, ?>> type =
          switch (doc.path("kind").asText()) {
            case "Source" -> Source.class;
            case "Destination" -> Destination.class;
            case "Connection" -> Connection.class;
            default -> throw new AssertionError("unknown kind in " + file + ": " + doc);
          };
      CustomResource<?, ?> resource =
          Crds.YAML
              .copy()
              .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .treeToValue(doc, type);
      assertThat(resource.getMetadata().getName()).isEqualTo(doc.at("/metadata/name").asText());
      JsonNode readBack =
          Crds.YAML
              .copy()
              .setSerializationInclusion(JsonInclude.Include.NON_NULL)
              .valueToTree(resource.getSpec());
      assertThat(readBack)
          .as("%s %s read back", file, resource.getMetadata().getName())
          .isEqualTo(doc.get("spec"));
    }
  }

  /** The CLI runs a folder as a whole, so references must resolve inside it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleFolders")
  void referencesResolveWithinTheFolder(Path folder) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      files
          .filter(p -> p.toString().endsWith(".yaml"))
          .forEach(p -> docs.addAll(Crds.documents(p)));
    }
    Set<String> defined = new HashSet<>();
    Set<String> secretKeys = new HashSet<>();
    for (JsonNode doc : docs) {
      String name = doc.at("/metadata/name").asText();
      defined.add(doc.path("kind").asText() + "/" + name);
      for (String section : List.of("stringData", "data")) {
        doc.path(section).fieldNames().forEachRemaining(k -> secretKeys.add(name + "/" + k));
      }
    }
    for (JsonNode doc : docs) {
      String what = folder + ": " + doc.path("kind").asText() + " " + doc.at("/metadata/name");
      if (doc.path("kind").asText().equals("Connection")) {
        assertThat(defined).as(what).contains("Source/" + doc.at("/spec/sourceRef/name").asText());
        assertThat(defined)
            .as(what)
            .contains("Destination/" + doc.at("/spec/destinationRef/name").asText());
      }
      for (JsonNode ref : doc.findParents("key")) {
        if (ref.has("name") && ref.size() == 2) {
          assertThat(secretKeys)
              .as("%s refers to a Secret key", what)
              .contains(ref.get("name").asText() + "/" + ref.get("key").asText());
        }
      }
    }
  }

  /** What `sluice local` and `sluice validate` do with a folder: read it and compile it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleFolders")
  void everyFolderCompilesWithoutDiagnostics(Path folder) throws IOException {
    List<ManifestFile> files = new ArrayList<>();
    try (Stream<Path> paths = Files.list(folder)) {
      for (Path p : paths.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        files.add(new ManifestFile(p.toString(), Files.readString(p)));
      }
    }
    ManifestSet manifests = new ManifestReader().read(files);
    assertThat(manifests.problems()).as("reading %s", folder).isEmpty();
    Compilation compilation = new Compiler().compile(manifests.resources());
    assertThat(compilation.diagnostics()).as("compiling %s", folder).isEmpty();
    assertThat(compilation.workers()).hasSize(manifests.resources().destinations().size());
  }

  static Stream<Path> exampleFolders() throws IOException {
    try (Stream<Path> dirs = Files.list(EXAMPLES)) {
      return dirs.filter(Files::isDirectory).sorted().toList().stream();
    }
  }

  @Test
  void quickstartHasWhatTheReadmeAndTheCliUse() {
    Path folder = EXAMPLES.resolve("quickstart");
    List<JsonNode> docs = new ArrayList<>();
    for (String f :
        List.of("secrets.yaml", "source.yaml", "destinations.yaml", "connections.yaml")) {
      docs.addAll(Crds.documents(folder.resolve(f)));
    }
    JsonNode source = find(docs, "Source", "web-shop");
    assertThat(source.has("metadata") && !source.at("/metadata").has("namespace")).isTrue();
    JsonNode writeKeyRef = source.at("/spec/writeKeys/0/secretKeyRef");
    JsonNode writeKeySecret = find(docs, "Secret", writeKeyRef.path("name").asText());
    assertThat(writeKeySecret.at("/stringData/" + writeKeyRef.path("key").asText()).asText())
        .isEqualTo("quickstart-write-key");

    JsonNode hook = find(docs, "Destination", "local-hook");
    assertThat(hook.at("/spec/webhook/url").asText()).isEqualTo("http://127.0.0.1:9999/hook");
    assertThat(hook.at("/spec/webhook/signingSecretRef").isObject()).isTrue();
    JsonNode archive = find(docs, "Destination", "local-archive");
    assertThat(archive.at("/spec/archive/path").asText()).isEqualTo(".sluice/archive");

    JsonNode filtered = VALIDATOR.defaulted(find(docs, "Connection", "web-shop-to-local-hook"));
    assertThat(filtered.at("/spec/filter/types").toString()).isEqualTo("[\"track\"]");
    assertThat(filtered.at("/spec/transform/0/drop").toString()).isEqualTo("[\"context.ip\"]");
    assertThat(filtered.at("/spec/enabled").asBoolean()).isTrue();
    assertThat(filtered.at("/spec/start").asText()).isEqualTo("latest");
    JsonNode all = find(docs, "Connection", "web-shop-to-local-archive");
    assertThat(all.at("/spec/filter").isMissingNode()).isTrue();
    assertThat(all.at("/spec/destinationRef/name").asText()).isEqualTo("local-archive");
  }

  private static JsonNode find(List<JsonNode> docs, String kind, String name) {
    return docs.stream()
        .filter(d -> d.path("kind").asText().equals(kind))
        .filter(d -> d.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }
}
