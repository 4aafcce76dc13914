package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/**
 * @param integrationName the key of this destination in a message's {@code integrations} object;
 *     defaults per type ({@link DestinationType#defaultIntegrationName()})
 * @param ordering {@code key} (default) keeps each user's messages in order; {@code none} trades
 *     order for parallelism
 */
@ValidationRule(
    value = "self.type == 'webhook' ? has(self.webhook) : !has(self.webhook)",
    message = "webhook settings must be set when type is webhook, and only then")
@ValidationRule(
    value = "self.type == 'kafka' ? has(self.kafka) : !has(self.kafka)",
    message = "kafka settings must be set when type is kafka, and only then")
@ValidationRule(
    value = "self.type == 'archive' ? has(self.archive) : !has(self.archive)",
    message = "archive settings must be set when type is archive, and only then")
@ValidationRule(
    value = "self.type == 'warehouse' ? has(self.warehouse) : !has(self.warehouse)",
    message = "warehouse settings must be set when type is warehouse, and only then")
@ValidationRule(
    value = "self.type == 'actions' ? has(self.actions) : !has(self.actions)",
    message = "actions settings must be set when type is actions, and only then")
public record DestinationSpec(
    @JsonPropertyDescription(
            "The kind of destination. Exactly the settings block of the same name must be set.")
        @Required
        DestinationType type,
    @JsonPropertyDescription(
            "This destination's key in a message's integrations object (matched "
                + "case-sensitively). Defaults per type: Webhooks, Kafka, Archive, Warehouse; for "
                + "actions the catalog name, e.g. Actions Amplitude.")
        @Size(min = 1, max = 100)
        String integrationName,
    @JsonPropertyDescription("Settings for type webhook: HTTP POST of each message or batch.")
        Webhook webhook,
    @JsonPropertyDescription("Settings for type kafka: produce each message to a Kafka topic.")
        Kafka kafka,
    @JsonPropertyDescription(
            "Settings for type archive: gzip newline-delimited JSON files in a directory or S3.")
        Archive archive,
    @JsonPropertyDescription(
            "Settings for type warehouse: PostgreSQL tables in Segment's warehouse schema.")
        WarehouseSpec warehouse,
    @JsonPropertyDescription(
            "Settings for type actions: one of Segment's open-source action destinations "
                + "(Amplitude, Mixpanel, ...), run by the actions runtime beside the worker.")
        ActionsSpec actions,
    @JsonPropertyDescription(
            "Retries with backoff, then the dead-letter topic. Names follow Knative's delivery "
                + "spec.")
        Delivery delivery,
    @JsonPropertyDescription("Caps the delivery rate of this destination.") RateLimit rateLimit,
    @JsonPropertyDescription(
            "Deliveries a worker has in flight at once. With ordering key, messages of one user "
                + "are never in flight together. Default 8.")
        @Min(1)
        @Max(1000)
        @Default("8")
        Integer concurrency,
    @JsonPropertyDescription(
            "key keeps each user's messages in order (by userId, else anonymousId); none trades "
                + "order for parallelism. Default key.")
        @SchemaFrom(type = SchemaEnums.Ordering.class)
        @Default("key")
        String ordering,
    @JsonPropertyDescription(
            "Suppresses a messageId seen again within a window, e.g. from client retries. On "
                + "unless enabled is false.")
        Deduplication deduplication,
    @JsonPropertyDescription(
            "Worker pods for this destination; they share the work through one consumer group. "
                + "0 pauses delivery. Default 1.")
        @Min(0)
        @Max(100)
        @Default("1")
        Integer replicas,
    @JsonPropertyDescription(
            "CPU and memory requests and limits of each worker pod; unset values come from the "
                + "operator's settings. A change restarts the worker pods.")
        WorkerResources resources,
    @JsonPropertyDescription(
            "Scales the worker pods between minReplicas and maxReplicas (replicas is then "
                + "ignored): on consumer lag with KEDA, else on CPU.")
        AutoscalingSpec autoscaling) {

  /** Every field but {@code warehouse}: what code written before that type was added passes. */
  public DestinationSpec(
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
    this(
        type,
        integrationName,
        webhook,
        kafka,
        archive,
        null,
        null,
        delivery,
        rateLimit,
        concurrency,
        ordering,
        deduplication,
        replicas,
        null,
        null);
  }

  @ValidationRule(
      value = "!has(self.url) || self.url.matches('" + Patterns.HTTP_URL + "')",
      message = "url must be an http:// or https:// URL with a host",
      fieldPath = ".url")
  @ValidationRule(
      value =
          "!has(self.headers) || self.headers.all(h,"
              + " self.headers.exists_one(o, o.name.lowerAscii() == h.name.lowerAscii()))",
      message = "header names must be unique (case-insensitively)",
      fieldPath = ".headers")
  public record Webhook(
      @JsonPropertyDescription("The http:// or https:// URL messages are POSTed to.")
          @Required
          @Size(min = 1, max = 2048)
          String url,
      @JsonPropertyDescription("Extra request headers, each a literal value or from a Secret.")
          @Size(max = 50)
          List<Header> headers,
      @JsonPropertyDescription(
              "Secret key whose value signs each request: X-Signature is the hex HMAC-SHA1 of "
                  + "the body, as Segment's webhook receivers expect.")
          SecretKeyRef signingSecretRef,
      @JsonPropertyDescription(
              "Batching; the default (maxEvents 1) POSTs each message on its own, a larger "
                  + "maxEvents POSTs {\"batch\": [...]}.")
          Batch batch,
      @JsonPropertyDescription(
              "Time allowed for one request, as an ISO-8601 duration. Default PT10S.")
          @Pattern(Patterns.DURATION)
          @Default("PT10S")
          String timeout,
      @JsonPropertyDescription(
              "Allow a URL that resolves to a link-local or cloud metadata address "
                  + "(169.254.0.0/16, fe80::/10, fd00:ec2::254). Refused by default so that a "
                  + "Destination cannot read instance credentials; private ranges are always "
                  + "allowed.")
          Boolean allowLinkLocal) {
    public Webhook(
        String url,
        List<Header> headers,
        SecretKeyRef signingSecretRef,
        Batch batch,
        String timeout) {
      this(url, headers, signingSecretRef, batch, timeout, null);
    }
  }

  /** A header with a literal value or one taken from a Secret. */
  @ValidationRule(
      value = "has(self.value) != has(self.valueFrom)",
      message = "a header needs exactly one of value and valueFrom")
  public record Header(
      @JsonPropertyDescription("The header name, e.g. X-Api-Key.")
          @Required
          @Size(min = 1, max = 256)
          @Pattern(Patterns.HEADER_NAME)
          String name,
      @JsonPropertyDescription("A literal value. Put credentials in a Secret and use valueFrom.")
          @Size(max = 8192)
          String value,
      @JsonPropertyDescription("Takes the value from a Secret.") ValueFrom valueFrom) {}

  public record ValueFrom(
      @JsonPropertyDescription("The Secret key holding the value.") @Required
          SecretKeyRef secretKeyRef) {}

  /** How many messages go in one request; {@code maxEvents: 1} sends each message on its own. */
  public record Batch(
      @JsonPropertyDescription("Most messages in one request. Default 1 (no batching).")
          @Min(1)
          @Max(10000)
          @Default("1")
          Integer maxEvents,
      @JsonPropertyDescription("Largest request body in bytes. Default 1048576 (1 MiB).")
          @Min(1024)
          @Max(104857600)
          @Default("1048576")
          Integer maxBytes,
      @JsonPropertyDescription(
              "Longest a message waits for its batch to fill, as an ISO-8601 duration. "
                  + "Default PT1S.")
          @Pattern(Patterns.DURATION)
          @Default("PT1S")
          String maxWait) {}

  /**
   * @param bootstrapServers empty means the cluster Sluice itself logs to
   * @param key what becomes the record key: {@code userId} (userId, else anonymousId; default),
   *     {@code messageId} or {@code none}
   */
  @ValidationRule(
      value =
          "!has(self.sasl) || (has(self.securityProtocol)"
              + " && self.securityProtocol.startsWith('SASL_'))",
      message = "sasl needs securityProtocol SASL_PLAINTEXT or SASL_SSL")
  public record Kafka(
      @JsonPropertyDescription(
              "host:port pairs, comma-separated, of the cluster to produce to. Unset means the "
                  + "cluster Sluice itself logs to.")
          @Size(max = 2048)
          @Pattern(Patterns.BOOTSTRAP_SERVERS)
          String bootstrapServers,
      @JsonPropertyDescription("The topic messages are produced to.")
          @Required
          @Size(min = 1, max = 249)
          @Pattern(Patterns.KAFKA_TOPIC)
          String topic,
      @JsonPropertyDescription(
              "The record key: userId (userId, else anonymousId; keeps each user's messages in "
                  + "one partition), messageId, or none. Default userId.")
          @SchemaFrom(type = SchemaEnums.KafkaKey.class)
          @Default("userId")
          String key,
      @JsonPropertyDescription(
              "Kafka security.protocol: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. Unset means "
                  + "PLAINTEXT.")
          @SchemaFrom(type = SchemaEnums.SecurityProtocol.class)
          String securityProtocol,
      @JsonPropertyDescription("SASL credentials, from Secrets.") KafkaSasl sasl,
      @JsonPropertyDescription(
              "Other producer properties (e.g. compression.type, linger.ms). Credentials belong "
                  + "in sasl, not here.")
          @Size(max = 64)
          Map<String, String> properties) {}

  public record KafkaSasl(
      @JsonPropertyDescription("SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.")
          @Required
          @SchemaFrom(type = SchemaEnums.SaslMechanism.class)
          String mechanism,
      @JsonPropertyDescription("The Secret key holding the user name.") @Required
          SecretKeyRef usernameRef,
      @JsonPropertyDescription("The Secret key holding the password.") @Required
          SecretKeyRef passwordRef) {}

  /** Gzip newline-delimited JSON files, in a local directory or an S3-compatible bucket. */
  @ValidationRule(
      value = "has(self.path) != has(self.s3)",
      message = "archive needs exactly one of path and s3")
  public record Archive(
      @JsonPropertyDescription(
              "A local directory to write files to; relative paths are relative to the worker's "
                  + "working directory.")
          @Size(min = 1, max = 4096)
          String path,
      @JsonPropertyDescription("An S3-compatible bucket to write files to.") S3 s3,
      @JsonPropertyDescription("Prefix of every file name (object key with s3), e.g. raw/.")
          @Size(max = 1024)
          String prefix,
      @JsonPropertyDescription(
              "A file is closed and a new one begun once it holds this many (uncompressed) bytes. "
                  + "Default 67108864 (64 MiB).")
          @Min(1024)
          @Default("67108864")
          Integer rollBytes,
      @JsonPropertyDescription(
              "A file is closed at the latest this long after it was begun, as an ISO-8601 "
                  + "duration. Default PT5M.")
          @Pattern(Patterns.DURATION)
          @Default("PT5M")
          String rollInterval) {}

  @ValidationRule(
      value = "has(self.accessKeyIdRef) == has(self.secretAccessKeyRef)",
      message = "accessKeyIdRef and secretAccessKeyRef must be set together")
  @ValidationRule(
      value = "!has(self.endpoint) || self.endpoint.matches('" + Patterns.HTTP_URL + "')",
      message = "endpoint must be an http:// or https:// URL with a host",
      fieldPath = ".endpoint")
  public record S3(
      @JsonPropertyDescription("The bucket name.")
          @Required
          @Size(min = 3, max = 63)
          @Pattern(Patterns.S3_BUCKET)
          String bucket,
      @JsonPropertyDescription(
              "The S3 API's http(s) URL for S3-compatible stores (MinIO, Ceph, ...). Unset means "
                  + "AWS.")
          @Size(max = 2048)
          String endpoint,
      @JsonPropertyDescription("The bucket's region, e.g. eu-west-1. Default us-east-1.")
          @Size(max = 64)
          @Default("us-east-1")
          String region,
      @JsonPropertyDescription(
              "Address the bucket in the path (endpoint/bucket/key) rather than the host name, as "
                  + "most S3-compatible stores need. Default false.")
          @Default("false")
          Boolean pathStyle,
      @JsonPropertyDescription(
              "The Secret key holding the access key id. Unset (with secretAccessKeyRef) uses "
                  + "the default credential chain.")
          SecretKeyRef accessKeyIdRef,
      @JsonPropertyDescription("The Secret key holding the secret access key.")
          SecretKeyRef secretAccessKeyRef) {}

  /** Retry policy; the names follow Knative's delivery spec. */
  public record Delivery(
      @JsonPropertyDescription(
              "Retries after the first attempt before a message goes to the dead-letter topic. "
                  + "Default 30.")
          @Min(0)
          @Max(1000)
          @Default("30")
          Integer retry,
      @JsonPropertyDescription(
              "exponential doubles the delay each retry (backoffDelay * 2^n); linear grows it "
                  + "by backoffDelay each retry. Default exponential.")
          @SchemaFrom(type = SchemaEnums.BackoffPolicy.class)
          @Default("exponential")
          String backoffPolicy,
      @JsonPropertyDescription("The first retry's delay, as an ISO-8601 duration. Default PT0.5S.")
          @Pattern(Patterns.DURATION)
          @Default("PT0.5S")
          String backoffDelay,
      @JsonPropertyDescription(
              "The longest delay between two retries, as an ISO-8601 duration. Default PT5M.")
          @Pattern(Patterns.DURATION)
          @Default("PT5M")
          String maxBackoff,
      @JsonPropertyDescription(
              "Give up retrying this long after the first attempt, as an ISO-8601 duration. "
                  + "Default PT4H.")
          @Pattern(Patterns.DURATION)
          @Default("PT4H")
          String maxRetryDuration,
      @JsonPropertyDescription(
              "Where messages go when retries are exhausted or the destination rejects them.")
          DeadLetter deadLetter) {}

  public record DeadLetter(
      @JsonPropertyDescription(
              "Write undeliverable messages to the topic sluice.<namespace>.<destination>.dlq; "
                  + "when false they are dropped (and counted). Default true.")
          @Default("true")
          Boolean enabled) {}

  public record RateLimit(
      @JsonPropertyDescription("Messages delivered per second at most. 0 means unlimited.")
          @Required
          @Min(0)
          Integer eventsPerSecond) {}

  /** Suppresses a messageId seen again within the window (client retries). */
  public record Deduplication(
      @JsonPropertyDescription(
              "Deduplication is on unless this is false (also when the block is absent). "
                  + "Default true.")
          @Default("true")
          Boolean enabled,
      @JsonPropertyDescription(
              "How long a messageId is remembered, as an ISO-8601 duration. Default PT10M.")
          @Pattern(Patterns.DURATION)
          @Default("PT10M")
          String window,
      @JsonPropertyDescription(
              "Most messageIds remembered per worker; the oldest are forgotten first. "
                  + "Default 100000.")
          @Min(1)
          @Max(10000000)
          @Default("100000")
          Integer maxEntries) {}
}
