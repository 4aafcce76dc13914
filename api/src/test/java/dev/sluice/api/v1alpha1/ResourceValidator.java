package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges a Sluice resource as the API server would with the generated CRDs: defaults, then the
 * OpenAPI schema (with a JSON-schema validator), then, when the schema passes, the CEL rules.
 */
final class ResourceValidator {
  static final String API_VERSION = Source.GROUP + "/" + Source.VERSION;

  private final Map<String, JsonNode> openApiByKind = new TreeMap<>();
  private final Map<String, Schema> jsonSchemaByKind = new TreeMap<>();

  ResourceValidator(Map<String, JsonNode> crdsByKind) {
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_4,
            b ->
                b.schemaRegistryConfig(
                    SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build()));
    crdsByKind.forEach(
        (kind, crd) -> {
          JsonNode openApi = Crds.schema(crd);
          openApiByKind.put(kind, openApi);
          jsonSchemaByKind.put(
              kind, registry.getSchema(OpenApiToJsonSchema.convert(openApi, API_VERSION, kind)));
        });
  }

  static ResourceValidator fromGeneratedCrds() {
    return new ResourceValidator(Crds.generatedByKind());
  }

  static boolean isSluiceResource(JsonNode doc) {
    return API_VERSION.equals(doc.path("apiVersion").asText());
  }

  /**
   * One thing wrong with a resource.
   *
   * @param key {@code <JSON pointer>: <what>}: for a schema error the keyword that failed ({@code
   *     /spec/type: enum}, {@code /spec: required type}), for a CEL rule its message
   * @param detail the validator's own words, for failure reports
   */
  record Violation(String key, String detail) {
    @Override
    public String toString() {
      return key.equals(detail) ? key : key + " [" + detail + "]";
    }
  }

  /** The violations of one resource; empty when the API server would accept it. */
  List<Violation> violations(JsonNode resource) {
    String kind = resource.path("kind").asText();
    JsonNode openApi = openApiByKind.get(kind);
    if (openApi == null) {
      String unknown = ": unknown kind " + kind + " for " + API_VERSION;
      return List.of(new Violation(unknown, unknown));
    }
    JsonNode defaulted = defaulted(resource);
    List<Error> errors = jsonSchemaByKind.get(kind).validate(defaulted);
    if (!errors.isEmpty()) {
      return errors.stream().map(ResourceValidator::describe).toList();
    }
    return CelRules.violations(openApi, defaulted).stream().map(v -> new Violation(v, v)).toList();
  }

  /** A copy of the resource with the schema's defaults applied. */
  JsonNode defaulted(JsonNode resource) {
    JsonNode copy = resource.deepCopy();
    JsonNode openApi = openApiByKind.get(resource.path("kind").asText());
    if (openApi != null) {
      Defaulting.apply(openApi, copy);
    }
    return copy;
  }

  private static Violation describe(Error error) {
    String what = error.getKeyword();
    if ("required".equals(what) || "additionalProperties".equals(what)) {
      what += " " + error.getProperty();
    }
    return new Violation(error.getInstanceLocation().toString() + ": " + what, error.getMessage());
  }
}
