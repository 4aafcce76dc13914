package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The CRDs as YAML: the ones the build generated into target/ and the committed ones. */
final class Crds {
  /** Where crd-generator-maven-plugin writes (see api/pom.xml); tests run in api/. */
  static final Path GENERATED = Path.of("target", "crds");

  /** The committed copy at the top of the repository. */
  static final Path COMMITTED = Path.of("..", "crds");

  static final ObjectMapper YAML = new YAMLMapper();

  private Crds() {}

  /** File name to content of every CRD YAML file in a folder. */
  static Map<String, String> files(Path dir) {
    Map<String, String> files = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (Stream<Path> paths = Files.list(dir)) {
      for (Path p : paths.filter(p -> p.toString().endsWith(".yml")).toList()) {
        files.put(p.getFileName().toString(), Files.readString(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** The generated CRDs by kind ({@code Source}, ...). */
  static Map<String, JsonNode> generatedByKind() {
    Map<String, JsonNode> byKind = new TreeMap<>();
    for (String content : files(GENERATED).values()) {
      JsonNode crd = read(content);
      byKind.put(crd.at("/spec/names/kind").asText(), crd);
    }
    if (byKind.size() != 3) {
      throw new IllegalStateException(
          "expected 3 generated CRDs in "
              + GENERATED.toAbsolutePath()
              + ", found "
              + byKind.keySet()
              + "; build with ./mvnw verify -pl api -am so the CRD generator runs first");
    }
    return byKind;
  }

  /** The openAPIV3Schema of the single version of a CRD. */
  static JsonNode schema(JsonNode crd) {
    return crd.at("/spec/versions/0/schema/openAPIV3Schema");
  }

  static JsonNode read(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document of a multi-document YAML file (empty documents skipped). */
  static List<JsonNode> documents(Path file) {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(file.toFile())) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return docs;
  }
}
