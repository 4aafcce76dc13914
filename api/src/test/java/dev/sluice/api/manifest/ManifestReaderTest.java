package dev.sluice.api.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.compiler.Diagnostic;
import dev.sluice.api.compiler.Diagnostic.Severity;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.api.v1alpha1.DestinationType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Given manifest files, these resources are read and these problems reported. */
class ManifestReaderTest {
  private final ManifestReader reader = new ManifestReader();

  private static final String SOURCE =
      """
      apiVersion: sluice.dev/v1alpha1
      kind: Source
      metadata: {name: web-shop}
      """;

  @Test
  void readsEveryKindFromMultiDocumentYaml() {
    ManifestSet set =
        reader.read(
            new ManifestFile(
                "shop.yaml",
                """
                # leading comment, then an empty document
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: hook-creds, namespace: shop}
                stringData: {apiKey: abc}
                ---
                apiVersion: sluice.dev/v1alpha1
                kind: Source
                metadata: {name: web-shop, namespace: shop}
                spec:
                  topic: {partitions: 6}
                ---
                # only a comment
                ---
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: order-webhook, namespace: shop}
                spec:
                  type: webhook
                  webhook: {url: "https://hooks.example.com/segment"}
                ...
                --- {apiVersion: sluice.dev/v1alpha1, kind: Connection, metadata: {name: c, namespace: shop}, spec: {sourceRef: {name: web-shop}, destinationRef: {name: order-webhook}}}
                """));
    assertThat(set.problems()).isEmpty();
    assertThat(set.resources().secrets())
        .singleElement()
        .satisfies(s -> assertThat(s.getStringData()).containsKey("apiKey"));
    assertThat(set.resources().sources())
        .singleElement()
        .satisfies(s -> assertThat(s.getSpec().topic().partitions()).isEqualTo(6));
    assertThat(set.resources().destinations())
        .singleElement()
        .satisfies(d -> assertThat(d.getSpec().type()).isEqualTo(DestinationType.WEBHOOK));
    assertThat(set.resources().connections())
        .singleElement()
        .satisfies(c -> assertThat(c.getSpec().destinationRef().name()).isEqualTo("order-webhook"));
    assertThat(set.origins())
        .containsOnlyKeys(
            "Secret/shop/hook-creds",
            "Source/shop/web-shop",
            "Destination/shop/order-webhook",
            "Connection/shop/c")
        .containsValue("shop.yaml");
  }

  @Test
  void readsTheItemsOfAListAsKubectlWritesIt() {
    ManifestSet set =
        reader.read(
            new ManifestFile(
                "list.yaml",
                """
                apiVersion: v1
                kind: List
                items:
                  - apiVersion: sluice.dev/v1alpha1
                    kind: Source
                    metadata: {name: web-shop, namespace: shop}
                  - apiVersion: sluice.dev/v1alpha1
                    kind: Source
                    metadata: {name: app, namespace: shop}
                    spec: {enabld: true}
                """));
    assertThat(set.resources().sources())
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("web-shop");
    assertThat(set.problems())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.name()).isEqualTo("app");
              assertThat(d.field()).isEqualTo("spec.enabld");
            });
    assertThat(set.origins()).containsEntry("Source/shop/app", "list.yaml");
  }

  @Test
  void aMissingNamespaceIsDefault() {
    ManifestSet set = reader.read(new ManifestFile("a.yaml", SOURCE));
    assertThat(set.resources().sources().get(0).getMetadata().getNamespace()).isEqualTo("default");
    assertThat(set.origins()).containsEntry("Source/default/web-shop", "a.yaml");
  }

  @Test
  void filesAreReadInOrderAndKeepTheirOrigins() {
    ManifestSet set =
        reader.read(
            List.of(
                new ManifestFile("sources.yaml", SOURCE),
                new ManifestFile(
                    "destinations.yaml",
                    """
                    apiVersion: sluice.dev/v1alpha1
                    kind: Destination
                    metadata: {name: hook}
                    spec: {type: webhook, webhook: {url: "https://x.example.com"}}
                    """)));
    assertThat(set.origins())
        .containsEntry("Source/default/web-shop", "sources.yaml")
        .containsEntry("Destination/default/hook", "destinations.yaml");
  }

  /** A manifest and the one problem it gives. */
  record Case(String title, String yaml, Expected expected) {
    @Override
    public String toString() {
      return title;
    }
  }

  record Expected(Severity severity, String kind, String name, String field, String message) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "another kind is skipped with a warning naming the file",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            """,
            new Expected(
                Severity.WARNING,
                "ConfigMap",
                "settings",
                "",
                "case.yaml document 1 (line 1): skipped ConfigMap (v1); Sluice reads Source,"
                    + " Destination, Connection and v1 Secret")),
        new Case(
            "a document that is not YAML names file, document and line",
            SOURCE + "---\nkind: Source\nmetadata: {name: [unclosed\n",
            new Expected(
                Severity.ERROR,
                "",
                "",
                "",
                "case.yaml document 2 (line 5) is not valid YAML: expected ',' or ']', but got <stream"
                    + " end> at line 8 column 1")),
        new Case(
            "a document without kind",
            "apiVersion: sluice.dev/v1alpha1\nmetadata: {name: x}\n",
            new Expected(
                Severity.ERROR, "", "x", "kind", "case.yaml document 1 (line 1) has no kind")),
        new Case(
            "a document that is not a mapping",
            "- just\n- a list\n",
            new Expected(
                Severity.ERROR, "", "", "", "case.yaml document 1 (line 1) is not a mapping")),
        new Case(
            "a Sluice resource without metadata.name",
            "apiVersion: sluice.dev/v1alpha1\nkind: Source\nmetadata: {namespace: shop}\n",
            new Expected(
                Severity.ERROR,
                "Source",
                "",
                "metadata.name",
                "case.yaml document 1 (line 1) has no metadata.name")),
        new Case(
            "a Sluice kind with another apiVersion",
            "apiVersion: sluice.dev/v1beta1\nkind: Source\nmetadata: {name: web-shop}\n",
            new Expected(
                Severity.ERROR,
                "Source",
                "web-shop",
                "apiVersion",
                "apiVersion of a Source must be sluice.dev/v1alpha1, not sluice.dev/v1beta1")),
        new Case(
            "a kind Sluice does not have",
            "apiVersion: sluice.dev/v1alpha1\nkind: Sink\nmetadata: {name: s}\n",
            new Expected(
                Severity.ERROR,
                "Sink",
                "s",
                "kind",
                "unknown Sluice kind Sink; expected one of Connection, Destination, Source")),
        new Case(
            "a misspelt settings block",
            """
            apiVersion: sluice.dev/v1alpha1
            kind: Destination
            metadata: {name: hook}
            spec:
              type: webhook
              webhok: {url: "https://x.example.com"}
            """,
            new Expected(
                Severity.ERROR,
                "Destination",
                "hook",
                "spec.webhok",
                "unknown field \"webhok\" (did you mean \"webhook\"?)")),
        new Case(
            "a misspelt field inside settings",
            """
            apiVersion: sluice.dev/v1alpha1
            kind: Destination
            metadata: {name: hook}
            spec:
              type: webhook
              webhook: {urll: "https://x.example.com"}
            """,
            new Expected(
                Severity.ERROR,
                "Destination",
                "hook",
                "spec.webhook.urll",
                "unknown field \"urll\" (did you mean \"url\"?)")),
        new Case(
            "a misspelt field in a list item",
            """
            apiVersion: sluice.dev/v1alpha1
            kind: Destination
            metadata: {name: hook}
            spec:
              type: webhook
              webhook:
                url: "https://x.example.com"
                headers:
                  - {name: A, value: b}
                  - {nmae: B, value: c}
            """,
            new Expected(
                Severity.ERROR,
                "Destination",
                "hook",
                "spec.webhook.headers[1].nmae",
                "unknown field \"nmae\" (did you mean \"name\"?)")),
        new Case(
            "a misspelt top-level field",
            "apiVersion: sluice.dev/v1alpha1\nkind: Source\nmetadata: {name: s}\nsepc: {}\n",
            new Expected(
                Severity.ERROR,
                "Source",
                "s",
                "sepc",
                "unknown field \"sepc\" (did you mean \"spec\"?)")),
        new Case(
            "a misspelt metadata field",
            "apiVersion: sluice.dev/v1alpha1\nkind: Source\nmetadata: {name: s, namspace: shop}\n",
            new Expected(
                Severity.ERROR,
                "Source",
                "s",
                "metadata.namspace",
                "unknown field \"namspace\" in metadata")),
        new Case(
            "a misspelt Secret field",
            "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringdata: {a: b}\n",
            new Expected(
                Severity.ERROR, "Secret", "s", "stringdata", "unknown field \"stringdata\"")),
        new Case(
            "a destination type that does not exist",
            """
            apiVersion: sluice.dev/v1alpha1
            kind: Destination
            metadata: {name: hook}
            spec: {type: webhoook}
            """,
            new Expected(
                Severity.ERROR,
                "Destination",
                "hook",
                "spec.type",
                "\"webhoook\" is not one of webhook, kafka, archive")),
        new Case(
            "a number that is text",
            """
            apiVersion: sluice.dev/v1alpha1
            kind: Destination
            metadata: {name: hook}
            spec:
              type: webhook
              delivery: {retry: many}
            """,
            new Expected(
                Severity.ERROR,
                "Destination",
                "hook",
                "spec.delivery.retry",
                "\"many\" is not a whole number")),
        new Case(
            "the same resource twice",
            SOURCE + "---\n" + SOURCE,
            new Expected(
                Severity.ERROR,
                "Source",
                "web-shop",
                "metadata.name",
                "Source default/web-shop in case.yaml document 2 (line 5) is already defined in"
                    + " case.yaml")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsEachProblemPrecisely(Case c) {
    ManifestSet set = reader.read(new ManifestFile("case.yaml", c.yaml()));
    Expected e = c.expected();
    assertThat(set.problems())
        .anySatisfy(
            d -> {
              assertThat(d.severity()).isEqualTo(e.severity());
              assertThat(d.kind()).isEqualTo(e.kind());
              assertThat(d.name()).isEqualTo(e.name());
              assertThat(d.field()).isEqualTo(e.field());
              assertThat(d.message()).contains(e.message());
            });
    assertThat(set.hasErrors()).isEqualTo(e.severity() == Severity.ERROR);
  }

  @Test
  void everyUnknownFieldIsReportedAndTheResourceLeftOut() {
    ManifestSet set =
        reader.read(
            new ManifestFile(
                "hook.yaml",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: hook, namespace: shop}
                spec:
                  type: webhook
                  webhook: {url: "https://x.example.com", timout: PT1S}
                  delivery: {retyr: 3}
                ---
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: fine, namespace: shop}
                spec: {type: webhook, webhook: {url: "https://y.example.com"}}
                """));
    assertThat(set.problems())
        .extracting(Diagnostic::field)
        .containsExactly("spec.webhook.timout", "spec.delivery.retyr");
    assertThat(set.resources().destinations())
        .extracting(d -> d.getMetadata().getName())
        .containsExactly("fine");
    assertThat(set.origins()).containsKeys("Destination/shop/hook", "Destination/shop/fine");
    assertThat(set.originOf(set.problems().get(0))).isEqualTo("hook.yaml");
  }

  @Test
  void aBrokenDocumentDoesNotHideTheOthers() {
    ManifestSet set =
        reader.read(
            new ManifestFile(
                "mixed.yaml",
                "kind: [\n---\n"
                    + SOURCE
                    + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"));
    assertThat(set.resources().sources()).hasSize(1);
    assertThat(set.problems())
        .extracting(Diagnostic::severity)
        .containsExactly(Severity.ERROR, Severity.WARNING);
  }

  @Test
  void duplicatesAcrossFilesNameBothFilesAndKeepTheFirst() {
    ManifestSet set =
        reader.read(
            List.of(
                new ManifestFile("a.yaml", SOURCE + "spec: {enabled: true}\n"),
                new ManifestFile("b.yaml", SOURCE + "spec: {enabled: false}\n")));
    assertThat(set.problems())
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.message()).contains("b.yaml document 1", "already defined in a.yaml"));
    assertThat(set.resources().sources())
        .singleElement()
        .satisfies(s -> assertThat(s.getSpec().enabled()).isTrue());
    assertThat(set.origins()).containsEntry("Source/default/web-shop", "a.yaml");
  }

  @Test
  void aSecretValueNeverAppearsInAProblem() {
    ManifestSet set =
        reader.read(
            new ManifestFile(
                "secret.yaml",
                "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {key: [not-a-string-s3cr3t]}\n"));
    assertThat(set.problems()).isNotEmpty();
    assertThat(set.problems()).allSatisfy(d -> assertThat(d.message()).doesNotContain("s3cr3t"));
  }

  @Test
  void readsTheDestinationFieldsItKnows() {
    ManifestSet set =
        reader.read(
            new ManifestFile(
                "d.yaml",
                """
                apiVersion: sluice.dev/v1alpha1
                kind: Destination
                metadata: {name: hook}
                spec:
                  type: kafka
                  kafka: {topic: orders, properties: {linger.ms: "5"}}
                """));
    Destination destination = set.resources().destinations().get(0);
    assertThat(destination.getSpec().kafka().properties()).containsEntry("linger.ms", "5");
  }
}
