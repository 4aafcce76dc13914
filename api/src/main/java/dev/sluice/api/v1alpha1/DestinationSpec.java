package dev.sluice.api.v1alpha1;

import java.util.List;
import java.util.Map;

/**
 * @param integrationName the key of this destination in a message's {@code integrations} object;
 *     defaults per type ({@link DestinationType#defaultIntegrationName()})
 * @param ordering {@code key} (default) keeps each user's messages in order; {@code none} trades
 *     order for parallelism
 */
public record DestinationSpec(
    DestinationType type,
    String integrationName,
    Webhook webhook,
    Kafka kafka,
    Archive archive,
    Delivery delivery,
    RateLimit rateLimit,
    Integer concurrency,
    String ordering,
    Deduplication deduplication,
    Integer replicas) {

  public record Webhook(
      String url,
      List<Header> headers,
      SecretKeyRef signingSecretRef,
      Batch batch,
      String timeout) {}

  /** A header with a literal value or one taken from a Secret. */
  public record Header(String name, String value, ValueFrom valueFrom) {}

  public record ValueFrom(SecretKeyRef secretKeyRef) {}

  /** How many messages go in one request; {@code maxEvents: 1} sends each message on its own. */
  public record Batch(Integer maxEvents, Integer maxBytes, String maxWait) {}

  /**
   * @param bootstrapServers empty means the cluster Sluice itself logs to
   * @param key what becomes the record key: {@code userId} (userId, else anonymousId; default),
   *     {@code messageId} or {@code none}
   */
  public record Kafka(
      String bootstrapServers,
      String topic,
      String key,
      String securityProtocol,
      KafkaSasl sasl,
      Map<String, String> properties) {}

  public record KafkaSasl(String mechanism, SecretKeyRef usernameRef, SecretKeyRef passwordRef) {}

  /** Gzip newline-delimited JSON files, in a local directory or an S3-compatible bucket. */
  public record Archive(
      String path, S3 s3, String prefix, Integer rollBytes, String rollInterval) {}

  public record S3(
      String bucket,
      String endpoint,
      String region,
      Boolean pathStyle,
      SecretKeyRef accessKeyIdRef,
      SecretKeyRef secretAccessKeyRef) {}

  /** Retry policy; the names follow Knative's delivery spec. */
  public record Delivery(
      Integer retry,
      String backoffPolicy,
      String backoffDelay,
      String maxBackoff,
      String maxRetryDuration,
      DeadLetter deadLetter) {}

  public record DeadLetter(Boolean enabled) {}

  public record RateLimit(Integer eventsPerSecond) {}

  /** Suppresses a messageId seen again within the window (client retries). */
  public record Deduplication(Boolean enabled, String window, Integer maxEntries) {}
}
