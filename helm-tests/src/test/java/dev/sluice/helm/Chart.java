package dev.sluice.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import dev.sluice.api.v1alpha1.Connection;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.api.v1alpha1.Source;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The chart as {@code helm template} renders it, parsed into Fabric8's typed classes. */
final class Chart {
  static final String RELEASE = "sluice";
  static final String NAMESPACE = "sluice-system";
  static final String KUBE_VERSION = "1.31.0";

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static {
    // Sluice's own kinds (the helm test hook's Source) as their classes from api/.
    SERIALIZATION.registerKubernetesResource(Source.class);
    SERIALIZATION.registerKubernetesResource(Destination.class);
    SERIALIZATION.registerKubernetesResource(Connection.class);
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final List<HasMetadata> objects;
  private final String text;

  private Chart(String text) {
    this.text = text;
    this.objects = parse(text);
  }

  /** Renders once per set of values in a test run (each render costs a second on a busy box). */
  private static final Map<Map<String, Object>, Chart> RENDERED =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Renders with the default values plus {@code values} (a values file's tree). The objects are
   * shared between callers: do not change them.
   */
  static Chart render(Map<String, Object> values) {
    return RENDERED.computeIfAbsent(values, v -> new Chart(template(v)));
  }

  /**
   * Renders with the {@code helm test} hooks as if they were ordinary objects: {@code helm
   * template} through helm-java leaves hooks out, so the hook annotation is renamed in a copy of
   * the chart first (tests check the annotation in the template's text).
   */
  static Chart renderWithTestHooks(Map<String, Object> values) {
    try {
      Path copy = copy();
      try (Stream<Path> files = Files.list(copy.resolve("templates/tests"))) {
        for (Path file : files.toList()) {
          Files.writeString(
              file, Files.readString(file).replace("helm.sh/hook", "test.sluice.dev/hook"));
        }
      }
      return new Chart(template(copy, values));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of the chart in a temporary folder, for a test to change. */
  static Path copy() throws IOException {
    Path copy = Files.createTempDirectory("chart");
    try (Stream<Path> files = Files.walk(Repo.chart())) {
      for (Path file : files.toList()) {
        Path target = copy.resolve(Repo.chart().relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    return copy;
  }

  /** {@code values} laid over the chart's values.yaml, as Helm merges them. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> merged(Map<String, Object> values) throws IOException {
    Map<String, Object> defaults =
        YAML.readValue(Repo.chart().resolve("values.yaml").toFile(), Map.class);
    return merge(defaults, values);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> result = new java.util.LinkedHashMap<>(base);
    over.forEach(
        (key, value) ->
            result.merge(
                key,
                value,
                (a, b) ->
                    a instanceof Map && b instanceof Map
                        ? merge((Map<String, Object>) a, (Map<String, Object>) b)
                        : b));
    return result;
  }

  static void writeValues(Path file, Map<String, Object> values) throws IOException {
    YAML.writeValue(file.toFile(), values);
  }

  /** The rendered text; throws what Helm reports (schema violations, required values). */
  static String template(Map<String, Object> values) {
    return template(Repo.chart(), values);
  }

  private static String template(Path chart, Map<String, Object> values) {
    try {
      Path file = Files.createTempFile("values", ".yaml");
      try {
        YAML.writeValue(file.toFile(), values);
        return new Helm(chart)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            // Helm's own default (1.20) is below the chart's kubeVersion.
            .withKubeVersion(KUBE_VERSION)
            .withValuesFile(file)
            .call();
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String text() {
    return text;
  }

  List<HasMetadata> objects() {
    return objects;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type, String name) {
    return find(type, name).orElseThrow(() -> new AssertionError("no " + type + " " + name));
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
  }

  /** Each YAML document that holds an object, as its typed class (unknown kinds stay generic). */
  private static List<HasMetadata> parse(String text) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : text.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
        continue;
      }
      KubernetesResource resource = SERIALIZATION.unmarshal(document, KubernetesResource.class);
      objects.add((HasMetadata) resource);
    }
    return objects;
  }
}
