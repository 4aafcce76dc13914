package dev.sluice.api.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.DeliveryPolicy;
import dev.sluice.api.config.DestinationSettings;
import dev.sluice.api.config.FilterConfig;
import dev.sluice.api.config.IngestLimits;
import dev.sluice.api.config.SourceConfig;
import dev.sluice.api.config.TopicConfig;
import dev.sluice.api.config.TransformConfig;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.api.config.WriteKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Given the valid shop namespace, this is the configuration the data plane runs. */
class CompilerTest {
  private final Compilation compilation = new Compiler().compile(Fixtures.shop());

  private WorkerConfig worker(String destination) {
    return compilation.workers().stream()
        .filter(w -> w.destination().equals(destination))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aValidSetCompilesWithoutDiagnostics() {
    assertThat(compilation.diagnostics()).isEmpty();
    assertThat(compilation.hasErrors()).isFalse();
  }

  @Test
  void everySourceBecomesARouteWithHashedWriteKeys() {
    assertThat(compilation.gateway().sources())
        .containsExactly(
            new SourceConfig(
                "shop",
                "mobile-app",
                "sluice.shop.mobile-app",
                "sluice.shop.mobile-app.rejected",
                List.of(WriteKeys.hash("mobile-ios-key"), WriteKeys.hash("mobile-android-key")),
                false,
                Defaults.INGEST_LIMITS,
                List.of("*")),
            new SourceConfig(
                "shop",
                "web-shop",
                "sluice.shop.web-shop",
                "sluice.shop.web-shop.rejected",
                // No spec.writeKeys: the generated Secret web-shop-write-key, base64 in data.
                List.of(WriteKeys.hash("web-shop-key-1")),
                true,
                new IngestLimits(2000, 16384, 500 * 1024, 2500),
                List.of("https://shop.example.com")));
  }

  @Test
  void theGatewayConfigHoldsNoWriteKey() {
    String json = ConfigJson.write(compilation.gateway());
    assertThat(json)
        .doesNotContain("web-shop-key-1", "mobile-ios-key", "mobile-android-key")
        .contains(WriteKeys.hash("web-shop-key-1"));
  }

  @Test
  void aWebhookDestinationGetsItsSettingsSecretsAndPolicy() {
    assertThat(worker("order-webhook"))
        .isEqualTo(
            new WorkerConfig(
                "shop",
                "order-webhook",
                "Webhooks",
                "sluice.shop.order-webhook",
                "sluice.shop.order-webhook.dlq",
                new DestinationSettings.Webhook(
                    "https://hooks.example.com/segment",
                    Map.of("X-Api-Key", "hook-api-key-value", "X-Team", "checkout"),
                    "hook-signing-value",
                    50,
                    1_048_576,
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(10)),
                new DeliveryPolicy(
                    5,
                    DeliveryPolicy.BackoffPolicy.LINEAR,
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(5),
                    Duration.ofHours(4),
                    true),
                500,
                8,
                WorkerConfig.Ordering.KEY,
                Duration.ofMinutes(10),
                100_000,
                List.of(
                    new ConnectionConfig(
                        "web-shop-to-order-webhook",
                        "web-shop",
                        "sluice.shop.web-shop",
                        true,
                        new FilterConfig(
                            List.of("track"),
                            new FilterConfig.EventNames(List.of("Order Completed"), null),
                            "double(message.properties.revenue) > 10.0",
                            null),
                        List.of(
                            new TransformConfig(
                                List.of("context.ip", "properties.card_number"), null, null, null),
                            new TransformConfig(
                                null, null, Map.of("properties.rev", "properties.revenue"), null),
                            new TransformConfig(
                                null, null, null, Map.of("properties.currency", "'USD'"))),
                        "latest"))));
  }

  @Test
  void anArchiveDestinationGetsItsS3CredentialsAndBothConnections() {
    WorkerConfig archive = worker("archive");
    assertThat(archive.integrationName()).isEqualTo("Data Lake");
    assertThat(archive.settings())
        .isEqualTo(
            new DestinationSettings.Archive(
                null,
                new DestinationSettings.S3(
                    "shop-events",
                    "http://127.0.0.1:9000",
                    "us-east-1",
                    true,
                    "archive-access-id",
                    "archive-secret-value"),
                "raw/",
                64L * 1024 * 1024,
                Duration.ofMinutes(5)));
    assertThat(archive.delivery().deadLetterEnabled()).isFalse();
    assertThat(archive.ordering()).isEqualTo(WorkerConfig.Ordering.NONE);
    assertThat(archive.deduplicationWindow()).isEqualTo(Duration.ZERO);
    assertThat(archive.connections())
        .extracting(
            ConnectionConfig::name,
            ConnectionConfig::topic,
            ConnectionConfig::enabled,
            ConnectionConfig::start)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "mobile-to-archive", "sluice.shop.mobile-app", false, "2026-01-31T09:00:00Z"),
            org.assertj.core.groups.Tuple.tuple(
                "web-shop-to-archive", "sluice.shop.web-shop", true, "earliest"));
  }

  @Test
  void aKafkaDestinationGetsSaslFromItsSecretsAndItsOwnProperties() {
    WorkerConfig kafka = worker("orders-kafka");
    assertThat(kafka.concurrency()).isEqualTo(2);
    assertThat(kafka.integrationName()).isEqualTo("Kafka");
    assertThat(kafka.settings())
        .isEqualTo(
            new DestinationSettings.Kafka(
                "kafka-1:9092,kafka-2:9092",
                "orders",
                DestinationSettings.Kafka.KeyMode.MESSAGE_ID,
                Map.of(
                    "compression.type",
                    "zstd",
                    "security.protocol",
                    "SASL_SSL",
                    "sasl.mechanism",
                    "SCRAM-SHA-512",
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"kafka-user\" password=\"kafka-pass\\\"word\";")));
  }

  @Test
  void eachWorkerHoldsOnlyItsOwnDestinationsSecrets() {
    Map<String, List<String>> secretsOf =
        Map.of(
            "order-webhook", List.of("hook-api-key-value", "hook-signing-value"),
            "archive", List.of("archive-access-id", "archive-secret-value"),
            "orders-kafka", List.of("kafka-user"));
    for (WorkerConfig worker : compilation.workers()) {
      String json = ConfigJson.write(worker);
      secretsOf.forEach(
          (destination, values) -> {
            if (destination.equals(worker.destination())) {
              assertThat(json).as(worker.destination()).contains(values);
            } else {
              assertThat(json).as(worker.destination()).doesNotContain(values);
            }
          });
      assertThat(json).doesNotContain("web-shop-key-1", "mobile-ios-key");
    }
  }

  @Test
  void toStringsHideSecretValues() {
    String text = compilation.toString();
    assertThat(text)
        .doesNotContain(
            "hook-api-key-value",
            "hook-signing-value",
            "archive-access-id",
            "archive-secret-value",
            "kafka-pass");
  }

  @Test
  void topicsCoverSourcesRejectionsAndEnabledDeadLetters() {
    long threeDays = Duration.ofDays(3).toMillis();
    long sevenDays = Duration.ofDays(7).toMillis();
    long fourteenDays = Duration.ofDays(14).toMillis();
    assertThat(compilation.topics())
        .containsExactly(
            new TopicConfig("sluice.shop.mobile-app", 3, (short) 1, sevenDays),
            new TopicConfig("sluice.shop.mobile-app.rejected", 3, (short) 1, sevenDays),
            new TopicConfig("sluice.shop.order-webhook.dlq", 3, (short) 1, fourteenDays),
            new TopicConfig("sluice.shop.orders-kafka.dlq", 3, (short) 1, fourteenDays),
            new TopicConfig("sluice.shop.web-shop", 6, (short) 1, threeDays),
            new TopicConfig("sluice.shop.web-shop.rejected", 6, (short) 1, threeDays));
  }

  @Test
  void compilingTwiceGivesEqualOutput() {
    Compilation again = new Compiler().compile(Fixtures.shop());
    assertThat(ConfigJson.write(again.gateway()))
        .isEqualTo(ConfigJson.write(compilation.gateway()));
    assertThat(again.workers()).isEqualTo(compilation.workers());
    assertThat(again.topics()).isEqualTo(compilation.topics());
  }

  @Test
  void anEmptySetCompilesToNothing() {
    Compilation empty =
        new Compiler().compile(new ResourceSet(List.of(), List.of(), List.of(), List.of()));
    assertThat(empty.gateway().sources()).isEmpty();
    assertThat(empty.workers()).isEmpty();
    assertThat(empty.topics()).isEmpty();
    assertThat(empty.diagnostics()).isEmpty();
  }
}
