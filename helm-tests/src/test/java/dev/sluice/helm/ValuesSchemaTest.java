package dev.sluice.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** values.schema.json refuses what would render a broken installation, naming the value. */
class ValuesSchemaTest {
  static Stream<Arguments> badValues() {
    return Stream.of(
        bad(
            "a misspelt key",
            Map.of("kafka", Map.of("bootstrapServer", "k:9092")),
            "bootstrapServer"),
        bad("bootstrap servers without a port", kafka("kafka.example.com"), "bootstrapServers"),
        bad("a digest that is not sha256", image(Map.of("digest", "latest")), "digest"),
        bad("a tag with a slash", image(Map.of("tag", "a/b")), "tag"),
        bad(
            "an unknown pull policy",
            Map.of("images", Map.of("pullPolicy", "Sometimes")),
            "pullPolicy"),
        bad("a negative operator replica count", operator("replicas", -1), "replicas"),
        bad("replicas as a string", operator("replicas", "two"), "replicas"),
        bad(
            "a namespace that is not a DNS label",
            operator("watchNamespaces", List.of("Shop_1")),
            "watchNamespaces"),
        bad(
            "a namespace listed twice",
            operator("watchNamespaces", List.of("a", "a")),
            "watchNamespaces"),
        bad("zero gateway replicas", gateway(Map.of("replicas", 0)), "replicas"),
        bad("a port out of range", gateway(Map.of("port", 70000)), "port"),
        bad(
            "a trusted proxy that is not a CIDR",
            gateway(Map.of("trustedProxies", List.of("proxy.local"))),
            "trustedProxies"),
        bad(
            "a memory limit that is not a quantity",
            gateway(Map.of("resources", Map.of("limits", Map.of("memory", "lots")))),
            "memory"),
        bad("a Kafka timeout that is not a duration", kafka2("timeout", "15 seconds"), "timeout"),
        bad(
            "a KRaft cluster id of the wrong length",
            kafka2("embedded", Map.of("clusterId", "short")),
            "clusterId"),
        bad(
            "a scrape interval without a unit",
            Map.of("metrics", Map.of("podMonitor", Map.of("interval", "30"))),
            "interval"),
        bad(
            "a 503 ratio above 1",
            Map.of("metrics", Map.of("prometheusRule", Map.of("gateway503Ratio", 5))),
            "gateway503Ratio"),
        bad("templated CRDs as a string", Map.of("crds", Map.of("templated", "yes")), "templated"),
        bad(
            "an environment variable without a name",
            operator("extraEnv", List.of(Map.of("value", "x"))),
            "name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void isRejected(String what, Map<String, Object> values, String named) {
    assertThatThrownBy(() -> Chart.template(values))
        .hasMessageContaining("schema")
        .hasMessageContaining(named);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("required")
  void aMissingRequiredValueIsNamed(String what, Map<String, Object> values, String named) {
    assertThatThrownBy(() -> Chart.template(values)).hasMessageContaining(named);
  }

  static Stream<Arguments> required() {
    return Stream.of(
        Arguments.of(
            "neither a Kafka cluster nor the embedded one",
            Map.of(),
            "kafka.bootstrapServers is required"));
  }

  private static Arguments bad(String what, Map<String, Object> values, String named) {
    return Arguments.of(what, values, named);
  }

  private static Map<String, Object> kafka(String bootstrap) {
    return Map.of("kafka", Map.of("bootstrapServers", bootstrap));
  }

  private static Map<String, Object> kafka2(String key, Object value) {
    return Map.of("kafka", Map.of("bootstrapServers", "k:9092", key, value));
  }

  private static Map<String, Object> image(Map<String, Object> image) {
    return Map.of(
        "kafka", Map.of("bootstrapServers", "k:9092"), "images", Map.of("gateway", image));
  }

  private static Map<String, Object> operator(String key, Object value) {
    return Map.of("kafka", Map.of("bootstrapServers", "k:9092"), "operator", Map.of(key, value));
  }

  private static Map<String, Object> gateway(Map<String, Object> gateway) {
    return Map.of(
        "kafka", Map.of("bootstrapServers", "k:9092"), "dataPlane", Map.of("gateway", gateway));
  }
}
