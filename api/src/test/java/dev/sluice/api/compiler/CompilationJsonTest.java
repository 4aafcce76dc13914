package dev.sluice.api.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.TopicConfig;
import dev.sluice.api.config.WorkerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator writes the compiler's output to files and the data plane reads them back: through
 * {@link ConfigJson} every output comes back equal.
 */
class CompilationJsonTest {
  private final Compilation compilation =
      new Compiler()
          .compile(
              Fixtures.shopWith(
                  """
                  apiVersion: sluice.dev/v1alpha1
                  kind: Destination
                  metadata: {name: local-archive, namespace: shop}
                  spec:
                    type: archive
                    archive: {path: /var/lib/sluice/archive, rollBytes: 1024, rollInterval: PT30S}
                  ---
                  apiVersion: sluice.dev/v1alpha1
                  kind: Destination
                  metadata: {name: plain-hook, namespace: shop}
                  spec:
                    type: webhook
                    webhook: {url: "http://127.0.0.1:8081/hook"}
                  """));

  @Test
  void theGatewayConfigRoundTrips() {
    GatewayConfig gateway = compilation.gateway();
    assertThat(ConfigJson.read(ConfigJson.write(gateway), GatewayConfig.class)).isEqualTo(gateway);
  }

  @Test
  void everyWorkerConfigRoundTrips() {
    // webhook with and without secrets, kafka with SASL, archive to S3 and to a directory
    assertThat(compilation.workers()).hasSize(5);
    for (WorkerConfig worker : compilation.workers()) {
      String json = ConfigJson.write(worker);
      assertThat(ConfigJson.read(json, WorkerConfig.class)).as(json).isEqualTo(worker);
    }
  }

  @Test
  void topicsRoundTrip() {
    for (TopicConfig topic : compilation.topics()) {
      assertThat(ConfigJson.read(ConfigJson.write(topic), TopicConfig.class)).isEqualTo(topic);
    }
  }

  @Test
  void durationsAreWrittenAsIsoText() {
    WorkerConfig webhook =
        compilation.workers().stream()
            .filter(w -> w.destination().equals("order-webhook"))
            .findFirst()
            .orElseThrow();
    assertThat(ConfigJson.write(webhook))
        .contains("\"backoffDelay\":\"PT1S\"", "\"timeout\":\"PT10S\"", "\"type\":\"webhook\"");
  }

  @Test
  void theSameConfigIsWrittenTheSameWay() {
    Compilation again = new Compiler().compile(Fixtures.shop());
    Compilation once = new Compiler().compile(Fixtures.shop());
    assertThat(ConfigJson.write(again.workers())).isEqualTo(ConfigJson.write(once.workers()));
  }

  @Test
  void unknownFieldsAreIgnoredSoANewerOperatorDoesNotBreakAnOlderPod() {
    String json = "{\"formatVersion\":1,\"sources\":[],\"addedLater\":true}";
    assertThat(ConfigJson.read(json, GatewayConfig.class)).isEqualTo(new GatewayConfig(List.of()));
  }

  @Test
  void aBrokenFileIsAClearErrorThatDoesNotQuoteItsContent() {
    String json =
        "{\"namespace\":\"shop\",\"settings\":{\"type\":\"teleport\",\"url\":\"secret-value\"}}";
    assertThatThrownBy(() -> ConfigJson.read(json, WorkerConfig.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a valid WorkerConfig")
        .hasMessageNotContaining("secret-value");
  }

  @Test
  void everyDocumentCarriesItsFormatVersionFirst() {
    assertThat(ConfigJson.write(new GatewayConfig(List.of())))
        .isEqualTo("{\"formatVersion\":" + ConfigJson.FORMAT_VERSION + ",\"sources\":[]}");
  }

  @Test
  void aNewerFormatIsRefusedSoThePodKeepsItsLastGoodConfiguration() {
    String json = "{\"formatVersion\":2,\"sources\":[]}";
    assertThatThrownBy(() -> ConfigJson.read(json, GatewayConfig.class))
        .isInstanceOf(ConfigJson.NewerFormatException.class)
        .hasMessage(
            "GatewayConfig has formatVersion 2, newer than this build reads (1);"
                + " upgrade the data plane to run it");
  }

  @Test
  void aDocumentWithoutItsVersionIsRefused() {
    assertThatThrownBy(() -> ConfigJson.read("{\"sources\":[]}", GatewayConfig.class))
        .hasMessage("not a valid GatewayConfig: formatVersion is required");
  }

  @Test
  void aMissingFieldIsNamedInsteadOfDefaulted() {
    for (WorkerConfig worker : new Compiler().compile(Fixtures.shop()).workers()) {
      for (String field : List.of("concurrency", "delivery", "consumerGroup")) {
        String json =
            ConfigJson.write(worker).replaceFirst("\"" + field + "\":", "\"x" + field + "\":");
        assertThatThrownBy(() -> ConfigJson.read(json, WorkerConfig.class))
            .as(field)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("not a valid WorkerConfig")
            .hasMessageContaining(field);
      }
    }
  }

  @Test
  void aNullWhereAValueIsRequiredNamesTheField() {
    WorkerConfig worker = new Compiler().compile(Fixtures.shop()).workers().get(0);
    String json =
        ConfigJson.write(worker)
            .replaceFirst("\"deadLetterTopic\":\"[^\"]*\"", "\"deadLetterTopic\":null");
    assertThatThrownBy(() -> ConfigJson.read(json, WorkerConfig.class))
        .hasMessageContaining(
            "worker configuration of " + worker.destination() + ": deadLetterTopic is required");
  }
}
