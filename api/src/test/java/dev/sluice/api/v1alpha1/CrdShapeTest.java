package dev.sluice.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What `kubectl` users see of the CRDs: names, columns, descriptions, defaults, rules. */
class CrdShapeTest {
  static final Map<String, JsonNode> CRDS = Crds.generatedByKind();

  @Test
  void namesScopeVersionAndStatusSubresource() {
    assertThat(CRDS).containsOnlyKeys("Connection", "Destination", "Source");
    Map<String, String> shortNames =
        Map.of("Source", "src", "Destination", "dest", "Connection", "conn");
    CRDS.forEach(
        (kind, crd) -> {
          assertThat(crd.at("/spec/group").asText()).isEqualTo("sluice.dev");
          assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
          assertThat(crd.at("/spec/names/shortNames").toString())
              .isEqualTo("[\"" + shortNames.get(kind) + "\"]");
          assertThat(crd.at("/spec/names/categories").toString()).isEqualTo("[\"sluice\"]");
          JsonNode version = crd.at("/spec/versions/0");
          assertThat(crd.at("/spec/versions").size()).isEqualTo(1);
          assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
          assertThat(version.path("served").asBoolean()).isTrue();
          assertThat(version.path("storage").asBoolean()).isTrue();
          assertThat(version.at("/subresources/status").isObject()).as(kind).isTrue();
          JsonNode status = Crds.schema(crd).at("/properties/status/properties");
          assertThat(status.at("/observedGeneration/type").asText()).isEqualTo("integer");
          assertThat(status.at("/conditions/items/properties").has("type")).isTrue();
          assertThat(status.at("/conditions/items/properties").has("status")).isTrue();
          assertThat(status.at("/conditions/items/properties").has("message")).isTrue();
        });
  }

  @Test
  void printerColumnsShowReadinessAtAGlanceAndTheMessageWhenWide() {
    assertThat(columns("Source"))
        .containsExactly(
            "Age .metadata.creationTimestamp date 0",
            "Message .status.conditions[?(@.type==\"Ready\")].message string 1",
            "Ready .status.conditions[?(@.type==\"Ready\")].status string 0",
            "Topic .status.topic string 0");
    assertThat(columns("Destination"))
        .containsExactly(
            "Age .metadata.creationTimestamp date 0",
            "Type .spec.type string 0",
            "Message .status.conditions[?(@.type==\"Ready\")].message string 1",
            "Ready .status.conditions[?(@.type==\"Ready\")].status string 0");
    assertThat(columns("Connection"))
        .containsExactly(
            "Age .metadata.creationTimestamp date 0",
            "Destination .spec.destinationRef.name string 0",
            "Enabled .spec.enabled boolean 1",
            "Source .spec.sourceRef.name string 0",
            "Message .status.conditions[?(@.type==\"Ready\")].message string 1",
            "Ready .status.conditions[?(@.type==\"Ready\")].status string 0");
  }

  private static List<String> columns(String kind) {
    List<String> columns = new ArrayList<>();
    for (JsonNode c : CRDS.get(kind).at("/spec/versions/0/additionalPrinterColumns")) {
      columns.add(
          String.join(
              " ",
              c.path("name").asText(),
              c.path("jsonPath").asText(),
              c.path("type").asText(),
              c.path("priority").asText()));
    }
    return columns;
  }

  /** So that `kubectl explain destination.spec.webhook.batch.maxWait` helps. */
  @Test
  void everyFieldHasADescription() {
    List<String> undescribed = new ArrayList<>();
    CRDS.forEach(
        (kind, crd) -> {
          JsonNode root = Crds.schema(crd);
          root.path("properties")
              .properties()
              .forEach(p -> describedOrCollect(kind + "." + p.getKey(), p.getValue(), undescribed));
        });
    assertThat(undescribed).isEmpty();
  }

  private static void describedOrCollect(String path, JsonNode schema, List<String> undescribed) {
    if (schema.path("description").asText("").isBlank()) {
      undescribed.add(path);
    }
    schema
        .path("properties")
        .properties()
        .forEach(p -> describedOrCollect(path + "." + p.getKey(), p.getValue(), undescribed));
    if (schema.path("items").has("properties")) {
      schema
          .path("items")
          .path("properties")
          .properties()
          .forEach(p -> describedOrCollect(path + "[]." + p.getKey(), p.getValue(), undescribed));
    }
  }

  /**
   * The defaults the API server applies. The compiler applies the same ones to resources that did
   * not pass through an API server (the local runner, `sluice validate`): keep the two in step.
   */
  @Test
  void defaultsAreTheDocumentedOnes() {
    Map<String, String> defaults = new TreeMap<>();
    CRDS.forEach((kind, crd) -> collectDefaults(kind, Crds.schema(crd), defaults));
    assertThat(defaults)
        .containsExactly(
            entry("Connection.spec.enabled", "true"),
            entry("Connection.spec.start", "\"latest\""),
            entry("Destination.spec.archive.rollBytes", "67108864"),
            entry("Destination.spec.archive.rollInterval", "\"PT5M\""),
            entry("Destination.spec.archive.s3.pathStyle", "false"),
            entry("Destination.spec.deduplication.enabled", "false"),
            entry("Destination.spec.deduplication.maxEntries", "100000"),
            entry("Destination.spec.deduplication.window", "\"PT10M\""),
            entry("Destination.spec.delivery.backoffDelay", "\"PT0.5S\""),
            entry("Destination.spec.delivery.backoffPolicy", "\"exponential\""),
            entry("Destination.spec.delivery.deadLetter.enabled", "true"),
            entry("Destination.spec.delivery.maxBackoff", "\"PT5M\""),
            entry("Destination.spec.delivery.maxRetryDuration", "\"PT4H\""),
            entry("Destination.spec.delivery.retry", "30"),
            entry("Destination.spec.kafka.key", "\"userId\""),
            entry("Destination.spec.ordering", "\"key\""),
            entry("Destination.spec.replicas", "1"),
            entry("Destination.spec.webhook.batch.maxBytes", "1048576"),
            entry("Destination.spec.webhook.batch.maxEvents", "1"),
            entry("Destination.spec.webhook.batch.maxWait", "\"PT1S\""),
            entry("Destination.spec.webhook.timeout", "\"PT10S\""),
            entry("Source.spec.enabled", "true"));
  }

  /** A default the schema itself rejects would make every resource that omits the field invalid. */
  @Test
  void everyDefaultPassesItsOwnSchema() {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
    List<String> bad = new ArrayList<>();
    CRDS.forEach(
        (kind, crd) ->
            forEachDefaulted(
                kind,
                Crds.schema(crd),
                (path, schema) -> {
                  var errors = registry.getSchema(schema).validate(schema.get("default"));
                  if (!errors.isEmpty()) {
                    bad.add(path + ": " + errors);
                  }
                }));
    assertThat(bad).isEmpty();
  }

  @Test
  void everyCelRuleCompilesAndHasAMessage() {
    CRDS.forEach(
        (kind, crd) -> {
          List<CelRules.Rule> rules = CelRules.find(Crds.schema(crd));
          assertThat(rules).as(kind).isNotEmpty();
          for (CelRules.Rule rule : rules) {
            assertThat(rule.message()).as(rule.expression()).isNotBlank();
            assertThat(CelRules.compile(rule.expression())).isNotNull();
          }
        });
  }

  private static void collectDefaults(String path, JsonNode schema, Map<String, String> out) {
    forEachDefaulted(path, schema, (p, s) -> out.put(p, s.get("default").toString()));
  }

  private static void forEachDefaulted(
      String path, JsonNode schema, java.util.function.BiConsumer<String, JsonNode> action) {
    if (schema.has("default")) {
      action.accept(path, schema);
    }
    schema
        .path("properties")
        .properties()
        .forEach(p -> forEachDefaulted(path + "." + p.getKey(), p.getValue(), action));
    if (schema.has("items")) {
      forEachDefaulted(path + "[]", schema.get("items"), action);
    }
  }
}
