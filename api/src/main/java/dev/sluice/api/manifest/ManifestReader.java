package dev.sluice.api.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.api.compiler.Diagnostic;
import dev.sluice.api.compiler.ResourceSet;
import dev.sluice.api.v1alpha1.Connection;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.api.v1alpha1.Source;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads multi-document YAML into resources. Sluice kinds ({@code sluice.dev/v1alpha1}) and {@code
 * v1} Secrets are read; other kinds are skipped with a warning. Every document is read on its own,
 * so one bad document does not hide the others. Pure: the caller reads the files.
 */
public final class ManifestReader {
  public static final String API_VERSION = Source.GROUP + "/" + Source.VERSION;
  public static final String DEFAULT_NAMESPACE = "default";

  private static final Map<String, Class<? extends HasMetadata>> SLUICE_KINDS =
      Map.of(
          "Source", Source.class, "Destination", Destination.class, "Connection", Connection.class);

  private final ObjectMapper yaml = YAMLMapper.builder().build();

  /** Reads the files in order; a resource's origin is the first file that defines it. */
  public ManifestSet read(List<ManifestFile> files) {
    Reading reading = new Reading();
    for (ManifestFile file : files) {
      List<YamlDocuments.Document> documents = YamlDocuments.split(file.text());
      for (YamlDocuments.Document document : documents) {
        readDocument(reading, file.origin(), document);
      }
    }
    return reading.result();
  }

  public ManifestSet read(ManifestFile... files) {
    return read(Arrays.asList(files));
  }

  private void readDocument(Reading reading, String origin, YamlDocuments.Document document) {
    String where =
        origin + " document " + document.index() + " (line " + document.firstLine() + ")";
    JsonNode node;
    try {
      node = yaml.readTree(document.text());
    } catch (JsonProcessingException e) {
      reading.problem(
          Diagnostic.error("", "", "", "", where + " is not valid YAML: " + yamlProblem(e)));
      return;
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      return; // an empty document, e.g. after a leading '---' or only comments
    }
    readResource(reading, origin, where, node);
  }

  /** One resource, or a {@code v1 List} of them as {@code kubectl get -o yaml} writes. */
  private void readResource(Reading reading, String origin, String where, JsonNode node) {
    if (!node.isObject()) {
      reading.problem(Diagnostic.error("", "", "", "", where + " is not a mapping"));
      return;
    }
    if ("List".equals(node.path("kind").asText())
        && "v1".equals(node.path("apiVersion").asText())) {
      JsonNode items = node.path("items");
      for (int i = 0; i < items.size(); i++) {
        readResource(reading, origin, where + " items[" + i + "]", items.get(i));
      }
      return;
    }
    String kind = node.path("kind").asText("");
    String apiVersion = node.path("apiVersion").asText("");
    String name = node.path("metadata").path("name").asText("");
    String givenNamespace = node.path("metadata").path("namespace").asText("");
    String namespace = givenNamespace.isEmpty() ? DEFAULT_NAMESPACE : givenNamespace;
    if (kind.isEmpty()) {
      reading.problem(Diagnostic.error("", "", name, "kind", where + " has no kind"));
      return;
    }
    Class<? extends HasMetadata> type = typeOf(reading, where, kind, apiVersion, namespace, name);
    if (type == null) {
      return;
    }
    if (name.isEmpty()) {
      reading.problem(
          Diagnostic.error(kind, namespace, "", "metadata.name", where + " has no metadata.name"));
      return;
    }
    String key = kind + "/" + namespace + "/" + name;
    String firstOrigin = reading.origins.get(key);
    if (firstOrigin != null) {
      reading.problem(
          Diagnostic.error(
              kind,
              namespace,
              name,
              "metadata.name",
              kind
                  + " "
                  + namespace
                  + "/"
                  + name
                  + " in "
                  + where
                  + " is already defined in "
                  + firstOrigin
                  + "; names must be unique per kind and namespace"));
      return;
    }
    reading.origins.put(key, origin);

    UnknownFieldRecorder unknown = new UnknownFieldRecorder(node);
    HasMetadata resource;
    try {
      resource = yaml.readerFor(type).withHandler(unknown).readValue(node);
    } catch (java.io.IOException e) {
      reading.problem(
          Diagnostic.error(kind, namespace, name, pathOf(e), describe(e, type == Secret.class)));
      return;
    }
    List<Diagnostic> problems = new ArrayList<>();
    for (UnknownFieldRecorder.UnknownField field : unknown.fields()) {
      problems.add(Diagnostic.error(kind, namespace, name, field.path(), field.message()));
    }
    ObjectMeta metadata = resource.getMetadata();
    metadata.getAdditionalProperties().keySet().stream()
        .sorted()
        .forEach(
            field ->
                problems.add(
                    Diagnostic.error(
                        kind,
                        namespace,
                        name,
                        "metadata." + field,
                        "unknown field \"" + field + "\" in metadata")));
    if (resource instanceof Secret secret) {
      secret.getAdditionalProperties().keySet().stream()
          .sorted()
          .forEach(
              field ->
                  problems.add(
                      Diagnostic.error(
                          kind, namespace, name, field, "unknown field \"" + field + "\"")));
    }
    metadata.setNamespace(namespace);
    problems.forEach(reading::problem);
    if (problems.isEmpty()) {
      reading.add(resource);
    }
  }

  /** The class to read a document as, or null when it is skipped or wrong (with a diagnostic). */
  private static Class<? extends HasMetadata> typeOf(
      Reading reading,
      String where,
      String kind,
      String apiVersion,
      String namespace,
      String name) {
    Class<? extends HasMetadata> sluiceType = SLUICE_KINDS.get(kind);
    if (sluiceType != null) {
      if (!API_VERSION.equals(apiVersion)) {
        reading.problem(
            Diagnostic.error(
                kind,
                namespace,
                name,
                "apiVersion",
                where
                    + ": apiVersion of a "
                    + kind
                    + " must be "
                    + API_VERSION
                    + ", not "
                    + (apiVersion.isEmpty() ? "empty" : apiVersion)));
        return null;
      }
      return sluiceType;
    }
    if (apiVersion.startsWith(Source.GROUP + "/")) {
      reading.problem(
          Diagnostic.error(
              kind,
              namespace,
              name,
              "kind",
              where
                  + ": unknown Sluice kind "
                  + kind
                  + "; expected one of "
                  + String.join(", ", SLUICE_KINDS.keySet().stream().sorted().toList())));
      return null;
    }
    if ("Secret".equals(kind) && "v1".equals(apiVersion)) {
      return Secret.class;
    }
    reading.problem(
        Diagnostic.warning(
            kind,
            namespace,
            name,
            "",
            where
                + ": skipped "
                + kind
                + " ("
                + apiVersion
                + "); Sluice reads Source, Destination,"
                + " Connection and v1 Secret"));
    return null;
  }

  private static String pathOf(java.io.IOException e) {
    if (e instanceof JsonMappingException mapping) {
      return mapping.getPath().stream()
          .map(
              ref ->
                  ref.getFieldName() != null
                      ? "." + ref.getFieldName()
                      : "[" + ref.getIndex() + "]")
          .collect(Collectors.joining())
          .replaceFirst("^\\.", "");
    }
    return "";
  }

  /**
   * What is wrong and where, without the parser's excerpt of the text: in a Secret that excerpt
   * would be a credential.
   */
  private static String yamlProblem(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      return marked.getProblem()
          + " at line "
          + (marked.getProblemMark().getLine() + 1)
          + " column "
          + (marked.getProblemMark().getColumn() + 1);
    }
    return e.getLocation() == null
        ? "it does not parse"
        : "it does not parse at line " + e.getLocation().getLineNr();
  }

  private static String describe(java.io.IOException e, boolean secret) {
    if (e instanceof InvalidFormatException format && format.getTargetType().isEnum()) {
      String accepted =
          Arrays.stream(format.getTargetType().getEnumConstants())
              .map(Object::toString)
              .map(String::toLowerCase)
              .collect(Collectors.joining(", "));
      return "\"" + format.getValue() + "\" is not one of " + accepted;
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      String expected = expectedShape(mismatch.getTargetType());
      // In a Secret the offending value can be a credential: never quote it there.
      if (!secret && mismatch instanceof InvalidFormatException format) {
        return "\"" + format.getValue() + "\" is not " + expected;
      }
      return "expected " + expected + " here";
    }
    return secret ? "cannot read this field of the Secret" : "cannot read this field";
  }

  private static String expectedShape(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "a mapping";
  }

  /** Accumulates one {@link #read} call. */
  private static final class Reading {
    final List<Source> sources = new ArrayList<>();
    final List<Destination> destinations = new ArrayList<>();
    final List<Connection> connections = new ArrayList<>();
    final List<Secret> secrets = new ArrayList<>();
    final Map<String, String> origins = new LinkedHashMap<>();
    final List<Diagnostic> problems = new ArrayList<>();

    void problem(Diagnostic diagnostic) {
      problems.add(diagnostic);
    }

    void add(HasMetadata resource) {
      // Java 17 has no pattern switch; the reader only builds these four types.
      if (resource instanceof Source s) {
        sources.add(s);
      } else if (resource instanceof Destination d) {
        destinations.add(d);
      } else if (resource instanceof Connection c) {
        connections.add(c);
      } else {
        secrets.add((Secret) resource);
      }
    }

    ManifestSet result() {
      return new ManifestSet(
          new ResourceSet(sources, destinations, connections, secrets), origins, problems);
    }
  }
}
