package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * @param writeKeys keys clients authenticate with; when absent one is generated into the Secret
 *     named by {@code Names.generatedWriteKeySecret}
 * @param enabled a disabled Source answers 401 to every write key
 */
public record SourceSpec(
    @JsonPropertyDescription(
            "Write keys clients authenticate with, each held in a Secret. Several keys allow "
                + "rotation. When absent, one key is generated into a Secret.")
        @Size(min = 1, max = 16)
        List<WriteKey> writeKeys,
    @JsonPropertyDescription("A disabled Source answers 401 to every write key. Default true.")
        @Default("true")
        Boolean enabled,
    @JsonPropertyDescription("Browser origins allowed to send, for analytics.js on web pages.")
        Cors cors,
    @JsonPropertyDescription(
            "Per-Source overrides of the gateway's limits. Unset fields keep Segment's limits: "
                + "32 KB a message, 500 KB a request, 2,500 messages a batch, no rate limit.")
        SourceLimits limits,
    @JsonPropertyDescription("The Kafka topic the Source's messages are logged to.")
        TopicSpec topic,
    @JsonPropertyDescription(
            "What happens to the Source's topics (its messages and rejected messages) when the "
                + "Source is deleted: Retain keeps them, Delete deletes them. Default Retain.")
        @SchemaFrom(type = SchemaEnums.DeletionPolicy.class)
        @Default("Retain")
        String deletionPolicy) {

  /** Every field but {@code deletionPolicy}: what code written before it was added passes. */
  public SourceSpec(
      List<WriteKey> writeKeys, Boolean enabled, Cors cors, SourceLimits limits, TopicSpec topic) {
    this(writeKeys, enabled, cors, limits, topic, null);
  }

  /** Browser origins allowed to send; {@code "*"} allows any. */
  @ValidationRule(
      value =
          "!has(self.allowedOrigins)"
              + " || self.allowedOrigins.all(o, o == '*' || o.matches('^https?://[^/?#* ]+$'))",
      message = "each allowed origin must be \"*\" or scheme://host[:port] with no path",
      fieldPath = ".allowedOrigins")
  public record Cors(
      @JsonPropertyDescription(
              "Origins (scheme://host[:port]) allowed by CORS, or \"*\" for any origin. Unset "
                  + "allows any origin, as Segment does.")
          @Size(max = 100)
          List<String> allowedOrigins) {}

  /** Per-Source overrides of the gateway's limits. */
  @ValidationRule(
      value =
          "!has(self.maxMessageBytes) || !has(self.maxBatchBytes)"
              + " || self.maxMessageBytes <= self.maxBatchBytes",
      message = "maxMessageBytes must not exceed maxBatchBytes")
  public record SourceLimits(
      @JsonPropertyDescription(
              "Messages accepted per second (token bucket); over it clients get 429 with "
                  + "Retry-After. 0 means unlimited.")
          @Min(0)
          Integer eventsPerSecond,
      @JsonPropertyDescription("Largest message in bytes (Segment: 32768).") @Min(1)
          Integer maxMessageBytes,
      @JsonPropertyDescription("Largest request body in bytes (Segment: 512000).") @Min(1)
          Integer maxBatchBytes,
      @JsonPropertyDescription("Most messages in one batch request (Segment: 2500).") @Min(1)
          Integer maxBatchMessages) {}

  /**
   * @param retention ISO-8601 duration; also the replay window of new Connections
   */
  public record TopicSpec(
      @JsonPropertyDescription(
              "Partitions of the topic: the most consumers that can share one Destination's "
                  + "work. Can grow, never shrink. Default 3.")
          @Min(1)
          @Max(10000)
          @Default("3")
          Integer partitions,
      @JsonPropertyDescription(
              "Copies of each partition across Kafka brokers. Unset means 1; use 3 or more on a "
                  + "production cluster.")
          @Min(1)
          @Max(32767)
          Integer replicationFactor,
      @JsonPropertyDescription(
              "How long messages are kept, as an ISO-8601 duration (e.g. P7D). It is also how "
                  + "far back a new Connection can replay with start: earliest. Default P7D.")
          @Pattern(Patterns.DURATION)
          @Default("P7D")
          String retention) {}
}
