package dev.sluice.api.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.compiler.Diagnostic.Severity;
import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.SourceConfig;
import dev.sluice.api.config.WorkerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Given the valid shop namespace with one thing changed, the compiler reports it at its field, in
 * words a person can act on, leaves the broken resource (and what depends on it) out, and still
 * compiles everything else.
 */
class CompilerDiagnosticsTest {

  /** A diagnostic the case must produce; {@code message} is a fragment of its message. */
  record Expected(Severity severity, String kind, String name, String field, String message) {}

  record Case(
      String title,
      String yaml,
      List<String> removed,
      List<Expected> expected,
      List<String> leftOut) {
    Case leaving(String... resources) {
      return new Case(title, yaml, removed, expected, List.of(resources));
    }

    @Override
    public String toString() {
      return title;
    }
  }

  private static Case when(String title, String yaml, Expected... expected) {
    return new Case(title, yaml, List.of(), List.of(expected), List.of());
  }

  private static Expected error(String kind, String name, String field, String message) {
    return new Expected(Severity.ERROR, kind, name, field, message);
  }

  private static Expected warning(String kind, String name, String field, String message) {
    return new Expected(Severity.WARNING, kind, name, field, message);
  }

  /** Every secret value in the shop fixture: none may appear in a diagnostic. */
  private static final List<String> SECRET_VALUES =
      List.of(
          "web-shop-key-1",
          "mobile-ios-key",
          "mobile-android-key",
          "hook-api-key-value",
          "hook-signing-value",
          "archive-access-id",
          "archive-secret-value",
          "kafka-user",
          "kafka-pass");

  static Stream<Case> cases() {
    return Stream.of(
        when(
                "a destinationRef to a Destination that does not exist",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Connection
                metadata: {name: web-shop-to-order-webhook, namespace: shop}
                spec:
                  sourceRef: {name: web-shop}
                  destinationRef: {name: order-webhok}
                """,
                error(
                    "Connection",
                    "web-shop-to-order-webhook",
                    "spec.destinationRef.name",
                    "destinationRef order-webhok not found in namespace shop"))
            .leaving("Connection/web-shop-to-order-webhook"),
        when(
                "a sourceRef to a Source that does not exist",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Connection
                metadata: {name: web-shop-to-archive, namespace: shop}
                spec:
                  sourceRef: {name: webshop}
                  destinationRef: {name: archive}
                """,
                error(
                    "Connection",
                    "web-shop-to-archive",
                    "spec.sourceRef.name",
                    "sourceRef webshop not found in namespace shop"))
            .leaving("Connection/web-shop-to-archive"),
        when(
                "a Connection without a sourceRef",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Connection
                metadata: {name: web-shop-to-archive, namespace: shop}
                spec:
                  destinationRef: {name: archive}
                """,
                error(
                    "Connection",
                    "web-shop-to-archive",
                    "spec.sourceRef.name",
                    "sourceRef.name is required"))
            .leaving("Connection/web-shop-to-archive"),
        when(
                "a Connection to a Source of another namespace",
                """
                apiVersion: v1
                kind: Secret
                metadata: {name: newsletter-write-key, namespace: marketing}
                stringData: {writeKey: newsletter-key}
                ---
                apiVersion: sluice.dev/v1alpha1
                kind: Source
                metadata: {name: newsletter, namespace: marketing}
                ---
                apiVersion: sluice.dev/v1alpha1
                kind: Connection
                metadata: {name: newsletter-to-archive, namespace: shop}
                spec:
                  sourceRef: {name: newsletter}
                  destinationRef: {name: archive}
                """,
                error(
                    "Connection",
                    "newsletter-to-archive",
                    "spec.sourceRef.name",
                    "sourceRef newsletter not found in namespace shop; a Source of that name exists"
                        + " in namespace marketing, but a Connection connects only resources of"
                        + " its own namespace"))
            .leaving("Connection/newsletter-to-archive"),
        when(
                "a header from a Secret that does not exist",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: order-webhook, namespace: shop}
                spec:
                  type: webhook
                  webhook:
                    url: https://hooks.example.com/segment
                    headers:
                      - {name: X-Api-Key, valueFrom: {secretKeyRef: {name: hook-credentials, key: apiKey}}}
                """,
                error(
                    "Destination",
                    "order-webhook",
                    "spec.webhook.headers[0].valueFrom.secretKeyRef",
                    "Secret hook-credentials not found in namespace shop"),
                error(
                    "Connection",
                    "web-shop-to-order-webhook",
                    "spec.destinationRef.name",
                    "Destination order-webhook has errors, so this Connection is left out"))
            .leaving("Destination/order-webhook", "Connection/web-shop-to-order-webhook"),
        when(
                "a signing secret key the Secret does not have",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: order-webhook, namespace: shop}
                spec:
                  type: webhook
                  webhook:
                    url: https://hooks.example.com/segment
                    signingSecretRef: {name: hook-creds, key: signingKey}
                """,
                error(
                    "Destination",
                    "order-webhook",
                    "spec.webhook.signingSecretRef",
                    "Secret hook-creds in namespace shop has no key signingKey (it has: apiKey,"
                        + " signingSecret)"))
            .leaving("Destination/order-webhook", "Connection/web-shop-to-order-webhook"),
        when(
                "a Secret data value that is not base64",
                """
                apiVersion: v1
                kind: Secret
                metadata: {name: hook-creds, namespace: shop}
                data: {apiKey: "not base64!", signingSecret: aGk=}
                """,
                error(
                    "Destination",
                    "order-webhook",
                    "spec.webhook.headers[0].valueFrom.secretKeyRef",
                    "key apiKey of Secret hook-creds is not valid base64"))
            .leaving("Destination/order-webhook", "Connection/web-shop-to-order-webhook"),
        new Case(
            "a Source without writeKeys whose generated Secret is missing",
            "",
            List.of("Secret/shop/web-shop-write-key"),
            List.of(
                error(
                    "Source",
                    "web-shop",
                    "spec.writeKeys",
                    "no spec.writeKeys, and the generated Secret web-shop-write-key (key writeKey)"
                        + " does not exist in namespace shop"),
                error(
                    "Connection",
                    "web-shop-to-archive",
                    "spec.sourceRef.name",
                    "Source web-shop has errors")),
            List.of(
                "Source/web-shop",
                "Connection/web-shop-to-order-webhook",
                "Connection/web-shop-to-archive",
                "Connection/web-shop-to-kafka")),
        when(
                "the same write key on two Sources",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Source
                metadata: {name: point-of-sale, namespace: shop}
                spec:
                  writeKeys:
                    - secretKeyRef: {name: mobile-keys, key: ios}
                """,
                error(
                    "Source",
                    "mobile-app",
                    "spec.writeKeys[0].secretKeyRef",
                    "this write key is also used by Source shop/point-of-sale"
                        + " (spec.writeKeys[0].secretKeyRef)"),
                error(
                    "Source",
                    "point-of-sale",
                    "spec.writeKeys[0].secretKeyRef",
                    "this write key is also used by Source shop/mobile-app"
                        + " (spec.writeKeys[0].secretKeyRef)"),
                error(
                    "Connection",
                    "mobile-to-archive",
                    "spec.sourceRef.name",
                    "Source mobile-app has errors"))
            .leaving("Source/mobile-app", "Source/point-of-sale", "Connection/mobile-to-archive"),
        when(
            "the same write key twice in one Source",
            """
            apiVersion: sluice.dev/v1alpha1
            kind: Source
            metadata: {name: mobile-app, namespace: shop}
            spec:
              writeKeys:
                - secretKeyRef: {name: mobile-keys, key: ios}
                - secretKeyRef: {name: mobile-keys, key: ios}
            """,
            warning(
                "Source",
                "mobile-app",
                "spec.writeKeys[1].secretKeyRef",
                "the same write key as spec.writeKeys[0].secretKeyRef; it counts once")),
        when(
                "a filter condition that is not CEL",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Connection
                metadata: {name: web-shop-to-order-webhook, namespace: shop}
                spec:
                  sourceRef: {name: web-shop}
                  destinationRef: {name: order-webhook}
                  filter: {condition: "message.properties.revenue >"}
                """,
                error(
                    "Connection",
                    "web-shop-to-order-webhook",
                    "spec.filter.condition",
                    "CEL expression does not compile at 1:29: mismatched input '<EOF>'"))
            .leaving("Connection/web-shop-to-order-webhook"),
        when(
                "a set transform that is not CEL",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Connection
                metadata: {name: web-shop-to-order-webhook, namespace: shop}
                spec:
                  sourceRef: {name: web-shop}
                  destinationRef: {name: order-webhook}
                  transform:
                    - {drop: [context.ip]}
                    - {set: {"properties.currency": "'USD"}}
                """,
                error(
                    "Connection",
                    "web-shop-to-order-webhook",
                    "spec.transform[1].set[properties.currency]",
                    "CEL expression does not compile at 1:1: token recognition error"))
            .leaving("Connection/web-shop-to-order-webhook"),
        when(
                "a start that is neither earliest, latest nor a time",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Connection
                metadata: {name: web-shop-to-archive, namespace: shop}
                spec:
                  sourceRef: {name: web-shop}
                  destinationRef: {name: archive}
                  start: yesterday
                """,
                error(
                    "Connection",
                    "web-shop-to-archive",
                    "spec.start",
                    "\"yesterday\" is not earliest, latest or an RFC 3339 time"))
            .leaving("Connection/web-shop-to-archive"),
        when(
            "two Connections from one Source to one Destination",
            """
            apiVersion: sluice.dev/v1alpha1
            kind: Connection
            metadata: {name: web-shop-identifies-to-archive, namespace: shop}
            spec:
              sourceRef: {name: web-shop}
              destinationRef: {name: archive}
              filter: {types: [identify]}
            """,
            warning(
                "Connection",
                "web-shop-to-archive",
                "spec.destinationRef.name",
                "Connection web-shop-identifies-to-archive also connects Source web-shop to this"
                    + " Destination; a message that passes both is delivered twice"),
            warning(
                "Connection",
                "web-shop-identifies-to-archive",
                "spec.destinationRef.name",
                "Connection web-shop-to-archive also connects")),
        when(
                "a webhook Destination with the kafka block instead",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: order-webhook, namespace: shop}
                spec:
                  type: webhook
                  kafka: {topic: orders}
                """,
                error(
                    "Destination",
                    "order-webhook",
                    "spec.webhook",
                    "type webhook needs a spec.webhook block"),
                error(
                    "Destination",
                    "order-webhook",
                    "spec.kafka",
                    "spec.kafka is set but type is webhook"))
            .leaving("Destination/order-webhook", "Connection/web-shop-to-order-webhook"),
        when(
                "a Destination without a type",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: archive, namespace: shop}
                spec:
                  archive: {path: /var/sluice}
                """,
                error(
                    "Destination",
                    "archive",
                    "spec.type",
                    "type is required: one of webhook, kafka, archive"))
            .leaving(
                "Destination/archive",
                "Connection/web-shop-to-archive",
                "Connection/mobile-to-archive"),
        when(
                "a delivery duration that is not ISO-8601",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: order-webhook, namespace: shop}
                spec:
                  type: webhook
                  webhook: {url: https://hooks.example.com/segment}
                  delivery: {backoffDelay: 5 seconds}
                """,
                error(
                    "Destination",
                    "order-webhook",
                    "spec.delivery.backoffDelay",
                    "\"5 seconds\" is not an ISO-8601 duration"))
            .leaving("Destination/order-webhook", "Connection/web-shop-to-order-webhook"),
        when(
                "a maxBackoff shorter than the backoffDelay",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: order-webhook, namespace: shop}
                spec:
                  type: webhook
                  webhook: {url: https://hooks.example.com/segment}
                  delivery: {backoffDelay: PT10S, maxBackoff: PT1S}
                """,
                error(
                    "Destination",
                    "order-webhook",
                    "spec.delivery.maxBackoff",
                    "maxBackoff PT1S is shorter than backoffDelay PT10S"))
            .leaving("Destination/order-webhook", "Connection/web-shop-to-order-webhook"),
        when(
                "a negative webhook timeout",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: order-webhook, namespace: shop}
                spec:
                  type: webhook
                  webhook: {url: https://hooks.example.com/segment, timeout: PT-1S}
                """,
                error(
                    "Destination",
                    "order-webhook",
                    "spec.webhook.timeout",
                    "PT-1S must be more than zero"))
            .leaving("Destination/order-webhook", "Connection/web-shop-to-order-webhook"),
        when(
                "a Source retention that is not ISO-8601",
                """
                apiVersion: v1
                kind: Secret
                metadata: {name: web-shop-write-key, namespace: shop}
                stringData: {writeKey: web-shop-key-1}
                ---
                apiVersion: sluice.dev/v1alpha1
                kind: Source
                metadata: {name: web-shop, namespace: shop}
                spec:
                  topic: {retention: 7 days}
                """,
                error(
                    "Source",
                    "web-shop",
                    "spec.topic.retention",
                    "\"7 days\" is not an ISO-8601 duration"))
            .leaving(
                "Source/web-shop",
                "Connection/web-shop-to-order-webhook",
                "Connection/web-shop-to-archive",
                "Connection/web-shop-to-kafka"),
        when(
                "a CORS origin with a path",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Source
                metadata: {name: mobile-app, namespace: shop}
                spec:
                  writeKeys: [{secretKeyRef: {name: mobile-keys, key: ios}}]
                  cors: {allowedOrigins: ["https://app.example.com/"]}
                """,
                error(
                    "Source",
                    "mobile-app",
                    "spec.cors.allowedOrigins[0]",
                    "\"https://app.example.com/\" is not an origin"))
            .leaving("Source/mobile-app", "Connection/mobile-to-archive"),
        when(
                "zero partitions",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Source
                metadata: {name: mobile-app, namespace: shop}
                spec:
                  writeKeys: [{secretKeyRef: {name: mobile-keys, key: ios}}]
                  topic: {partitions: 0}
                """,
                error(
                    "Source",
                    "mobile-app",
                    "spec.topic.partitions",
                    "must be between 1 and 10000, not 0"))
            .leaving("Source/mobile-app", "Connection/mobile-to-archive"),
        when(
                "a webhook URL that is not http",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: order-webhook, namespace: shop}
                spec:
                  type: webhook
                  webhook: {url: "ftp://hooks.example.com/segment"}
                """,
                error(
                    "Destination",
                    "order-webhook",
                    "spec.webhook.url",
                    "ftp://hooks.example.com/segment is not an http or https URL"))
            .leaving("Destination/order-webhook", "Connection/web-shop-to-order-webhook"),
        when(
                "a header with both a value and valueFrom",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: order-webhook, namespace: shop}
                spec:
                  type: webhook
                  webhook:
                    url: https://hooks.example.com/segment
                    headers:
                      - name: X-Api-Key
                        value: literal
                        valueFrom: {secretKeyRef: {name: hook-creds, key: apiKey}}
                """,
                error(
                    "Destination",
                    "order-webhook",
                    "spec.webhook.headers[0]",
                    "header X-Api-Key needs exactly one of value or valueFrom"))
            .leaving("Destination/order-webhook", "Connection/web-shop-to-order-webhook"),
        when(
                "an ordering that does not exist",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: order-webhook, namespace: shop}
                spec:
                  type: webhook
                  webhook: {url: https://hooks.example.com/segment}
                  ordering: random
                """,
                error(
                    "Destination",
                    "order-webhook",
                    "spec.ordering",
                    "\"random\" is not one of key, none"))
            .leaving("Destination/order-webhook", "Connection/web-shop-to-order-webhook"),
        when(
                "an archive with both a path and a bucket",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: archive, namespace: shop}
                spec:
                  type: archive
                  archive: {path: /var/sluice, s3: {bucket: shop-events}}
                """,
                error(
                    "Destination",
                    "archive",
                    "spec.archive",
                    "an archive needs exactly one of path (a local directory) or s3 (a bucket)"))
            .leaving(
                "Destination/archive",
                "Connection/web-shop-to-archive",
                "Connection/mobile-to-archive"),
        when(
                "an S3 access key id without its secret",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: archive, namespace: shop}
                spec:
                  type: archive
                  archive:
                    s3:
                      bucket: shop-events
                      accessKeyIdRef: {name: archive-creds, key: accessKeyId}
                """,
                error(
                    "Destination",
                    "archive",
                    "spec.archive.s3.secretAccessKeyRef",
                    "accessKeyIdRef and secretAccessKeyRef go together"))
            .leaving(
                "Destination/archive",
                "Connection/web-shop-to-archive",
                "Connection/mobile-to-archive"),
        when(
                "a Kafka property Sluice sets itself",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: orders-kafka, namespace: shop}
                spec:
                  type: kafka
                  kafka:
                    topic: orders
                    properties: {sasl.jaas.config: "inline credentials"}
                """,
                error(
                    "Destination",
                    "orders-kafka",
                    "spec.kafka.properties.sasl.jaas.config",
                    "sasl.jaas.config is set by Sluice from spec.kafka"))
            .leaving("Destination/orders-kafka", "Connection/web-shop-to-kafka"),
        when(
                "SASL over a plaintext protocol",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: orders-kafka, namespace: shop}
                spec:
                  type: kafka
                  kafka:
                    topic: orders
                    securityProtocol: PLAINTEXT
                    sasl:
                      mechanism: PLAIN
                      usernameRef: {name: kafka-creds, key: username}
                      passwordRef: {name: kafka-creds, key: password}
                """,
                error(
                    "Destination",
                    "orders-kafka",
                    "spec.kafka.securityProtocol",
                    "sasl needs securityProtocol SASL_SSL or SASL_PLAINTEXT, not PLAINTEXT"))
            .leaving("Destination/orders-kafka", "Connection/web-shop-to-kafka"),
        when(
                "a Kafka destination without a topic",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: orders-kafka, namespace: shop}
                spec:
                  type: kafka
                  kafka: {key: userId}
                """,
                error("Destination", "orders-kafka", "spec.kafka.topic", "a topic is required"))
            .leaving("Destination/orders-kafka", "Connection/web-shop-to-kafka"),
        when(
                "a write key from a Secret that does not exist",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Source
                metadata: {name: mobile-app, namespace: shop}
                spec:
                  writeKeys: [{secretKeyRef: {name: mobile-key, key: ios}}]
                """,
                error(
                    "Source",
                    "mobile-app",
                    "spec.writeKeys[0].secretKeyRef",
                    "Secret mobile-key not found in namespace shop"))
            .leaving("Source/mobile-app", "Connection/mobile-to-archive"),
        when(
                "a write key that is empty",
                """
                apiVersion: v1
                kind: Secret
                metadata: {name: mobile-keys, namespace: shop}
                stringData: {ios: "", android: mobile-android-key}
                """,
                error(
                    "Source",
                    "mobile-app",
                    "spec.writeKeys[0].secretKeyRef",
                    "key ios of Secret mobile-keys is empty"))
            .leaving("Source/mobile-app", "Connection/mobile-to-archive"),
        when(
                "a write key reference without its key",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Source
                metadata: {name: mobile-app, namespace: shop}
                spec:
                  writeKeys: [{secretKeyRef: {name: mobile-keys}}]
                """,
                error(
                    "Source",
                    "mobile-app",
                    "spec.writeKeys[0].secretKeyRef.key",
                    "the key in the Secret is required"))
            .leaving("Source/mobile-app", "Connection/mobile-to-archive"),
        when(
                "a Source whose topic would be another Source's rejected topic",
                """
                apiVersion: v1
                kind: Secret
                metadata: {name: web-shop.rejected-write-key, namespace: shop}
                stringData: {writeKey: other-key}
                ---
                apiVersion: sluice.dev/v1alpha1
                kind: Source
                metadata: {name: web-shop.rejected, namespace: shop}
                """,
                error(
                    "Source",
                    "web-shop.rejected",
                    "metadata.name",
                    "the topic of Source web-shop.rejected would be sluice.shop.web-shop.rejected,"
                        + " which is also the rejected topic of Source web-shop; rename this"
                        + " Source"),
                error(
                    "Source",
                    "web-shop",
                    "metadata.name",
                    "the rejected topic of Source web-shop would be sluice.shop.web-shop.rejected,"
                        + " which is also the topic of Source web-shop.rejected"))
            .leaving(
                "Source/web-shop.rejected",
                "Source/web-shop",
                "Connection/web-shop-to-order-webhook",
                "Connection/web-shop-to-archive",
                "Connection/web-shop-to-kafka"),
        when(
                "a Source whose topic would be a dead-letter topic",
                """
                apiVersion: v1
                kind: Secret
                metadata: {name: archive.dlq-write-key, namespace: shop}
                stringData: {writeKey: other-key}
                ---
                apiVersion: sluice.dev/v1alpha1
                kind: Source
                metadata: {name: archive.dlq, namespace: shop}
                """,
                error(
                    "Source",
                    "archive.dlq",
                    "metadata.name",
                    "the topic of Source archive.dlq would be sluice.shop.archive.dlq, which is"
                        + " also the dead-letter topic of Destination archive; rename this Source"))
            .leaving("Source/archive.dlq"),
        when(
                "a Destination name that cannot be a Deployment name",
                """
            apiVersion: sluice.dev/v1alpha1
            kind: Destination
            metadata: {name: Order_Webhook, namespace: shop}
            spec:
              type: webhook
              webhook: {url: https://hooks.example.com/segment}
            """,
                error(
                    "Destination",
                    "Order_Webhook",
                    "metadata.name",
                    "a Destination's name becomes its worker Deployment's name: use at most 49"
                        + " lower-case letters"))
            .leaving("Destination/Order_Webhook"),
        when(
                "autoscaling with minReplicas above maxReplicas",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: scaled-hook, namespace: shop}
                spec:
                  type: webhook
                  webhook: {url: https://hooks.example.com/segment}
                  autoscaling: {minReplicas: 5, maxReplicas: 2}
                """,
                error(
                    "Destination",
                    "scaled-hook",
                    "spec.autoscaling.maxReplicas",
                    "maxReplicas 2 is less than minReplicas 5"))
            .leaving("Destination/scaled-hook"),
        when(
                "autoscaling with minReplicas 0",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: scaled-hook, namespace: shop}
                spec:
                  type: webhook
                  webhook: {url: https://hooks.example.com/segment}
                  autoscaling: {minReplicas: 0, maxReplicas: 2}
                """,
                error(
                    "Destination",
                    "scaled-hook",
                    "spec.autoscaling.minReplicas",
                    "must be between 1 and 100, not 0"))
            .leaving("Destination/scaled-hook"),
        when(
                "a Kafka destination writing into Sluice's own topics",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: orders-kafka, namespace: shop}
                spec:
                  type: kafka
                  kafka: {topic: sluice.shop.web-shop}
                """,
                error(
                    "Destination",
                    "orders-kafka",
                    "spec.kafka.topic",
                    "topics named sluice.* are Sluice's own"))
            .leaving("Destination/orders-kafka", "Connection/web-shop-to-kafka"),
        when(
                "a header value from a Secret with a line break",
                """
                apiVersion: v1
                kind: Secret
                metadata: {name: hook-creds, namespace: shop}
                stringData: {apiKey: "abc\\r\\nX-Injected: 1", signingSecret: s}
                """,
                error(
                    "Destination",
                    "order-webhook",
                    "spec.webhook.headers[0]",
                    "the value of header X-Api-Key contains a line break"))
            .leaving("Destination/order-webhook", "Connection/web-shop-to-order-webhook"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsAtTheFieldAndLeavesOutOnlyWhatIsBroken(Case c) {
    ResourceSet resources = Fixtures.shopWith(c.yaml(), c.removed().toArray(String[]::new));
    Compilation compilation = new Compiler().compile(resources);

    for (Expected expected : c.expected()) {
      assertThat(compilation.diagnostics())
          .as("diagnostics")
          .anySatisfy(
              d -> {
                assertThat(d.severity()).isEqualTo(expected.severity());
                assertThat(d.kind()).isEqualTo(expected.kind());
                assertThat(d.name()).isEqualTo(expected.name());
                assertThat(d.field()).isEqualTo(expected.field());
                assertThat(d.message()).contains(expected.message());
              });
    }
    assertThat(compilation.diagnostics())
        .allSatisfy(d -> assertThat(d.message()).doesNotContain(SECRET_VALUES));

    Set<String> compiled = compiledNames(compilation);
    Set<String> expectedCompiled = new TreeSet<>(allNames(resources));
    c.leftOut().forEach(expectedCompiled::remove);
    assertThat(compiled).isEqualTo(expectedCompiled);

    boolean errors = c.expected().stream().anyMatch(e -> e.severity() == Severity.ERROR);
    assertThat(compilation.hasErrors()).isEqualTo(errors);
  }

  private static Set<String> compiledNames(Compilation compilation) {
    Set<String> names = new TreeSet<>();
    for (SourceConfig route : compilation.gateway().sources()) {
      names.add("Source/" + route.name());
    }
    for (WorkerConfig worker : compilation.workers()) {
      names.add("Destination/" + worker.destination());
      for (ConnectionConfig connection : worker.connections()) {
        names.add("Connection/" + connection.name());
      }
    }
    return names;
  }

  private static List<String> allNames(ResourceSet resources) {
    List<String> names = new ArrayList<>();
    resources.sources().forEach(r -> names.add("Source/" + r.getMetadata().getName()));
    resources.destinations().forEach(r -> names.add("Destination/" + r.getMetadata().getName()));
    resources.connections().forEach(r -> names.add("Connection/" + r.getMetadata().getName()));
    return names;
  }
}
