package dev.sluice.workers;

import java.time.Duration;
import java.util.Map;

/**
 * How the workers reach Kafka and how hard they push; the same for every pipeline in a process.
 *
 * @param bootstrapServers the cluster the Source topics (and dead-letter topics) live in
 * @param consumerOverrides Kafka consumer properties that replace the defaults
 * @param producerOverrides Kafka producer properties (dead letters, kafka destinations)
 * @param maxInFlightRecords per pipeline: records read and not yet done before partitions pause
 * @param commitInterval how often done offsets are committed
 * @param drainTimeout how long shutdown and rebalances wait for in-flight deliveries
 */
public record WorkerOptions(
    String bootstrapServers,
    Map<String, Object> consumerOverrides,
    Map<String, Object> producerOverrides,
    int maxInFlightRecords,
    Duration commitInterval,
    Duration drainTimeout) {
  public WorkerOptions {
    consumerOverrides = Map.copyOf(consumerOverrides);
    producerOverrides = Map.copyOf(producerOverrides);
    if (maxInFlightRecords < 1) {
      throw new IllegalArgumentException("maxInFlightRecords must be at least 1");
    }
  }

  /** Defaults for a cluster pod and the local runner. */
  public static WorkerOptions defaults(String bootstrapServers) {
    return new WorkerOptions(
        bootstrapServers,
        Map.of(),
        Map.of(),
        10_000,
        Duration.ofMillis(500),
        Duration.ofSeconds(10));
  }

  public WorkerOptions withCommitInterval(Duration interval) {
    return new WorkerOptions(
        bootstrapServers,
        consumerOverrides,
        producerOverrides,
        maxInFlightRecords,
        interval,
        drainTimeout);
  }

  public WorkerOptions withDrainTimeout(Duration timeout) {
    return new WorkerOptions(
        bootstrapServers,
        consumerOverrides,
        producerOverrides,
        maxInFlightRecords,
        commitInterval,
        timeout);
  }

  public WorkerOptions withMaxInFlightRecords(int max) {
    return new WorkerOptions(
        bootstrapServers, consumerOverrides, producerOverrides, max, commitInterval, drainTimeout);
  }

  public WorkerOptions withConsumerOverrides(Map<String, Object> overrides) {
    return new WorkerOptions(
        bootstrapServers,
        overrides,
        producerOverrides,
        maxInFlightRecords,
        commitInterval,
        drainTimeout);
  }
}
