package dev.sluice.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.CommandRun;
import dev.sluice.cli.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table of invalid Sources, Destinations and Connections, each added to the quickstart: {@code
 * sluice validate} reports exactly that resource, on the right field, with a precise message, and
 * nothing about the quickstart's own resources.
 */
public class InvalidResourcesTest {
  public record Bad(String name, String kind, String field, String says, String yaml) {
    @Override
    public String toString() {
      return kind + " " + name;
    }
  }

  static Bad source(String name, String field, String says, String spec) {
    return new Bad(
        name,
        "Source",
        field,
        says,
        "apiVersion: sluice.dev/v1alpha1\nkind: Source\nmetadata:\n  name: "
            + name
            + "\nspec:\n"
            + spec);
  }

  static Bad destination(String name, String field, String says, String spec) {
    return new Bad(
        name,
        "Destination",
        field,
        says,
        "apiVersion: sluice.dev/v1alpha1\nkind: Destination\nmetadata:\n  name: "
            + name
            + "\nspec:\n"
            + spec);
  }

  static Bad connection(String name, String field, String says, String spec) {
    return new Bad(
        name,
        "Connection",
        field,
        says,
        "apiVersion: sluice.dev/v1alpha1\nkind: Connection\nmetadata:\n  name: "
            + name
            + "\nspec:\n"
            + spec);
  }

  static final String HOOK = "  type: webhook\n  webhook:\n    url: http://127.0.0.1:9/x\n";
  static final String REFS =
      "  sourceRef: {name: web-shop}\n  destinationRef: {name: local-hook}\n";

  public static Stream<Bad> table() {
    return Stream.of(
        source(
            "src-bad-key-ref",
            "spec.writeKeys[0].secretKeyRef",
            "Secret no-such-secret not found",
            "  writeKeys: [{secretKeyRef: {name: no-such-secret, key: writeKey}}]\n"),
        source(
            "src-bad-origin",
            "spec.cors.allowedOrigins[0]",
            "",
            "  cors: {allowedOrigins: [\"shop.example.com/path\"]}\n"),
        source("src-zero-partitions", "spec.topic.partitions", "", "  topic: {partitions: 0}\n"),
        source(
            "src-bad-retention", "spec.topic.retention", "", "  topic: {retention: seven days}\n"),
        source(
            "src-negative-rate",
            "spec.limits.eventsPerSecond",
            "",
            "  limits: {eventsPerSecond: -1}\n"),
        source(
            "src-unknown-field",
            "spec.writekeys",
            "did you mean \"writeKeys\"",
            "  writekeys: []\n"),
        destination(
            "dst-no-url",
            "spec.webhook.url",
            "a URL is required",
            "  type: webhook\n  webhook: {}\n"),
        destination(
            "dst-ftp-url",
            "spec.webhook.url",
            "",
            "  type: webhook\n  webhook: {url: \"ftp://example.com/x\"}\n"),
        destination(
            "dst-metadata-url",
            "spec.webhook.url",
            "link-local",
            "  type: webhook\n  webhook: {url: \"http://169.254.169.254/latest/meta-data/\"}\n"),
        destination(
            "dst-bad-timeout",
            "spec.webhook.timeout",
            "",
            "  type: webhook\n  webhook: {url: \"http://127.0.0.1:9/x\", timeout: 10s}\n"),
        destination(
            "dst-zero-batch",
            "spec.webhook.batch.maxEvents",
            "",
            "  type: webhook\n  webhook: {url: \"http://127.0.0.1:9/x\", batch: {maxEvents: 0}}\n"),
        destination(
            "dst-missing-signing-secret",
            "spec.webhook.signingSecretRef",
            "",
            "  type: webhook\n  webhook: {url: \"http://127.0.0.1:9/x\","
                + " signingSecretRef: {name: nope, key: k}}\n"),
        destination(
            "dst-header-twice",
            "spec.webhook.headers[1].name",
            "already set",
            "  type: webhook\n  webhook: {url: \"http://127.0.0.1:9/x\","
                + " headers: [{name: X-A, value: a}, {name: x-a, value: b}]}\n"),
        destination(
            "dst-header-no-value",
            "spec.webhook.headers[0]",
            "",
            "  type: webhook\n  webhook: {url: \"http://127.0.0.1:9/x\","
                + " headers: [{name: X-A}]}\n"),
        destination("dst-unknown-type", "spec.type", "", "  type: carrier-pigeon\n"),
        destination("dst-type-without-block", "spec.webhook", "", "  type: webhook\n"),
        destination(
            "dst-negative-retry", "spec.delivery.retry", "", HOOK + "  delivery: {retry: -1}\n"),
        destination(
            "dst-bad-backoff-policy",
            "spec.delivery.backoffPolicy",
            "",
            HOOK + "  delivery: {backoffPolicy: fibonacci}\n"),
        destination(
            "dst-bad-backoff-delay",
            "spec.delivery.backoffDelay",
            "",
            HOOK + "  delivery: {backoffDelay: soon}\n"),
        destination(
            "dst-kafka-own-topic",
            "spec.kafka.topic",
            "",
            "  type: kafka\n  kafka: {topic: sluice.default.web-shop}\n"),
        destination(
            "dst-kafka-bad-topic",
            "spec.kafka.topic",
            "",
            "  type: kafka\n  kafka: {topic: \"no spaces allowed\"}\n"),
        destination(
            "dst-zero-rate",
            "spec.rateLimit.eventsPerSecond",
            "",
            HOOK + "  rateLimit: {eventsPerSecond: -5}\n"),
        connection(
            "conn-no-source",
            "spec.sourceRef.name",
            "not found",
            "  sourceRef: {name: nowhere}\n  destinationRef: {name: local-hook}\n"),
        connection(
            "conn-no-destination",
            "spec.destinationRef.name",
            "not found",
            "  sourceRef: {name: web-shop}\n  destinationRef: {name: nowhere}\n"),
        connection(
            "conn-bad-cel",
            "spec.filter.condition",
            "does not compile",
            REFS + "  filter: {condition: \"message.properties.(\"}\n"),
        connection(
            "conn-bad-type", "spec.filter.types[0]", "", REFS + "  filter: {types: [teleport]}\n"),
        connection(
            "conn-bad-transform",
            "spec.transform[0].explode",
            "unknown field",
            REFS + "  transform: [{explode: [a]}]\n"),
        connection(
            "conn-bad-set-cel",
            "spec.transform[0].set[properties.x]",
            "does not compile",
            REFS + "  transform: [{set: {\"properties.x\": \"1 +\"}}]\n"),
        connection("conn-bad-start", "spec.start", "", REFS + "  start: yesterday\n"),
        connection(
            "conn-bad-path",
            "spec.transform[0].drop[0]",
            "",
            REFS + "  transform: [{drop: [\"properties..x\"]}]\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void eachIsReportedPreciselyAndAlone(Bad bad, @TempDir Path dir) throws Exception {
    for (String file :
        List.of("connections.yaml", "destinations.yaml", "secrets.yaml", "source.yaml")) {
      Files.copy(Path.of("../examples/quickstart", file), dir.resolve(file));
    }
    Files.writeString(dir.resolve("bad.yaml"), bad.yaml());

    CommandRun run = CommandRun.of("validate", "--output", "json", dir.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    JsonNode report = Json.mapper().readTree(run.out());
    List<String> errors = new ArrayList<>();
    report
        .path("diagnostics")
        .forEach(
            d -> {
              if (d.path("severity").asText().equals("ERROR")) {
                errors.add(
                    d.path("kind").asText()
                        + " "
                        + d.path("name").asText()
                        + " "
                        + d.path("field").asText()
                        + ": "
                        + d.path("message").asText());
              }
            });
    assertThat(errors).as(run.out()).isNotEmpty();
    System.out.println("validate: " + errors);
    assertThat(errors)
        .as("only the bad resource is reported")
        .allMatch(e -> e.startsWith(bad.kind() + " ") && e.contains(bad.name()));
    assertThat(errors)
        .anySatisfy(e -> assertThat(e).contains(" " + bad.field() + ": ").contains(bad.says()));
  }
}
