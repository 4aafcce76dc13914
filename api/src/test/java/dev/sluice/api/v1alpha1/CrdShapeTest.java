package dev.sluice.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.DeliveryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
   * The defaults the API server applies are the compiler's, which applies them to resources that
   * never passed an API server (the local runner, {@code sluice validate}).
   */
  @Test
  void defaultsAreTheCompilersDefaults() {
    Map<String, String> defaults = new TreeMap<>();
    CRDS.forEach((kind, crd) -> collectDefaults(kind, Crds.schema(crd), defaults));
    DeliveryPolicy delivery = Defaults.DELIVERY;
    assertThat(defaults)
        .containsOnly(
            entry("Connection.spec.enabled", json(Defaults.CONNECTION_ENABLED)),
            entry("Connection.spec.start", json(Defaults.START)),
            entry(
                "Destination.spec.actions.batch.maxBytes", json(Defaults.ACTIONS_BATCH_MAX_BYTES)),
            entry(
                "Destination.spec.actions.batch.maxEvents",
                json(Defaults.ACTIONS_BATCH_MAX_EVENTS)),
            entry("Destination.spec.actions.batch.maxWait", json(Defaults.ACTIONS_BATCH_MAX_WAIT)),
            entry("Destination.spec.archive.rollBytes", json(Defaults.ARCHIVE_ROLL_BYTES)),
            entry("Destination.spec.archive.rollInterval", json(Defaults.ARCHIVE_ROLL_INTERVAL)),
            entry("Destination.spec.archive.s3.pathStyle", json(Defaults.S3_PATH_STYLE)),
            entry("Destination.spec.archive.s3.region", json(Defaults.S3_REGION)),
            entry(
                "Destination.spec.autoscaling.cpuUtilization",
                json(Defaults.AUTOSCALING_CPU_UTILIZATION)),
            entry(
                "Destination.spec.autoscaling.lagThreshold",
                json(Defaults.AUTOSCALING_LAG_THRESHOLD)),
            entry(
                "Destination.spec.autoscaling.minReplicas",
                json(Defaults.AUTOSCALING_MIN_REPLICAS)),
            entry("Destination.spec.concurrency", json(Defaults.CONCURRENCY)),
            entry("Destination.spec.deduplication.enabled", json(Defaults.DEDUPLICATION_ENABLED)),
            entry(
                "Destination.spec.deduplication.maxEntries",
                json(Defaults.DEDUPLICATION_MAX_ENTRIES)),
            entry("Destination.spec.deduplication.window", json(Defaults.DEDUPLICATION_WINDOW)),
            entry("Destination.spec.delivery.backoffDelay", json(delivery.backoffDelay())),
            entry(
                "Destination.spec.delivery.backoffPolicy",
                json(delivery.backoffPolicy().name().toLowerCase(Locale.ROOT))),
            entry(
                "Destination.spec.delivery.deadLetter.enabled", json(delivery.deadLetterEnabled())),
            entry("Destination.spec.delivery.maxBackoff", json(delivery.maxBackoff())),
            entry("Destination.spec.delivery.maxRetryDuration", json(delivery.maxRetryDuration())),
            entry("Destination.spec.delivery.retry", json(delivery.retry())),
            entry("Destination.spec.kafka.key", json(camel(Defaults.KAFKA_KEY.name()))),
            entry("Destination.spec.ordering", json(camel(Defaults.ORDERING.name()))),
            // DestinationCompiler reads an absent replicas as 1.
            entry("Destination.spec.replicas", json(1)),
            entry(
                "Destination.spec.webhook.batch.maxBytes", json(Defaults.WEBHOOK_BATCH_MAX_BYTES)),
            entry(
                "Destination.spec.webhook.batch.maxEvents",
                json(Defaults.WEBHOOK_BATCH_MAX_EVENTS)),
            entry("Destination.spec.webhook.batch.maxWait", json(Defaults.WEBHOOK_BATCH_MAX_WAIT)),
            entry("Destination.spec.webhook.timeout", json(Defaults.WEBHOOK_TIMEOUT)),
            entry(
                "Destination.spec.warehouse.batch.maxBytes",
                json(Defaults.WAREHOUSE_BATCH_MAX_BYTES)),
            entry(
                "Destination.spec.warehouse.batch.maxEvents",
                json(Defaults.WAREHOUSE_BATCH_MAX_EVENTS)),
            entry(
                "Destination.spec.warehouse.batch.maxWait",
                json(Defaults.WAREHOUSE_BATCH_MAX_WAIT)),
            entry("Destination.spec.warehouse.maxColumns", json(Defaults.WAREHOUSE_MAX_COLUMNS)),
            entry(
                "Destination.spec.warehouse.maxConnections",
                json(Defaults.WAREHOUSE_MAX_CONNECTIONS)),
            entry("Source.spec.deletionPolicy", json(Defaults.SOURCE_DELETION_POLICY)),
            entry("Source.spec.enabled", json(Defaults.SOURCE_ENABLED)),
            entry("Source.spec.topic.partitions", json(Defaults.TOPIC_PARTITIONS)),
            entry("Source.spec.topic.retention", json(Defaults.TOPIC_RETENTION)));
  }

  /** A default as the CRD's JSON spells it; durations compared by value (PT0.5S is 500 ms). */
  private static String json(Object value) {
    if (value instanceof Duration d) {
      return "\"" + d + "\"";
    }
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }

  /** USER_ID to userId, the wire spelling of enum values. */
  private static String camel(String constant) {
    String[] words = constant.toLowerCase(Locale.ROOT).split("_");
    StringBuilder out = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      out.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return out.toString();
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
    forEachDefaulted(
        path,
        schema,
        (p, s) -> {
          JsonNode value = s.get("default");
          // Durations compare by value: the CRD may say P7D where Java prints PT168H.
          boolean duration = value.isTextual() && value.asText().matches(Patterns.DURATION);
          out.put(p, duration ? "\"" + Duration.parse(value.asText()) + "\"" : value.toString());
        });
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
