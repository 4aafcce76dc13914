package dev.sluice.api.v1alpha1;

import java.util.List;

/**
 * @param writeKeys keys clients authenticate with; when absent one is generated into the Secret
 *     named by {@code Names.generatedWriteKeySecret}
 * @param enabled a disabled Source answers 401 to every write key
 */
public record SourceSpec(
    List<WriteKey> writeKeys, Boolean enabled, Cors cors, SourceLimits limits, TopicSpec topic) {

  /** Browser origins allowed to send; {@code "*"} allows any. */
  public record Cors(List<String> allowedOrigins) {}

  /** Per-Source overrides of the gateway's limits. */
  public record SourceLimits(
      Integer eventsPerSecond,
      Integer maxMessageBytes,
      Integer maxBatchBytes,
      Integer maxBatchMessages) {}

  /**
   * @param retention ISO-8601 duration; also the replay window of new Connections
   */
  public record TopicSpec(Integer partitions, Integer replicationFactor, String retention) {}
}
