package dev.sluice.workers;

import dev.sluice.runtime.kafka.KafkaSettings;
import java.time.Duration;

/**
 * How the workers reach Kafka and how hard they push; the same for every pipeline in a process.
 * Built with {@link #builder}; every field has a default for a cluster pod and the local runner.
 *
 * @param kafka the cluster the Source topics (and dead-letter topics) live in, with client
 *     properties; its {@code toString} hides their values
 * @param maxInFlightRecords per pipeline: records read and not yet done before partitions pause
 * @param commitInterval how often done offsets are committed
 * @param drainTimeout how long shutdown and rebalances wait for in-flight deliveries
 * @param actionsRuntime the actions runtime's base URL (the container beside the worker, or the
 *     process the local runner starts), for Destinations of type actions
 */
public record WorkerOptions(
    KafkaSettings kafka,
    int maxInFlightRecords,
    Duration commitInterval,
    Duration drainTimeout,
    String actionsRuntime) {
  public WorkerOptions {
    if (maxInFlightRecords < 1) {
      throw new IllegalArgumentException("maxInFlightRecords must be at least 1");
    }
  }

  /** The runtime container's port in a worker pod (decision 0141). */
  public static final String DEFAULT_ACTIONS_RUNTIME = "http://127.0.0.1:9191";

  public static Builder builder(KafkaSettings kafka) {
    return new Builder(kafka);
  }

  /** Defaults: 10,000 records in flight, commits every 100 ms, 10 s to drain. */
  public static final class Builder {
    private final KafkaSettings kafka;
    private int maxInFlightRecords = 10_000;
    private Duration commitInterval = Duration.ofMillis(100);
    private Duration drainTimeout = Duration.ofSeconds(10);
    private String actionsRuntime = DEFAULT_ACTIONS_RUNTIME;

    private Builder(KafkaSettings kafka) {
      this.kafka = kafka;
    }

    public Builder maxInFlightRecords(int max) {
      this.maxInFlightRecords = max;
      return this;
    }

    public Builder commitInterval(Duration interval) {
      this.commitInterval = interval;
      return this;
    }

    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = timeout;
      return this;
    }

    public Builder actionsRuntime(String url) {
      this.actionsRuntime = url;
      return this;
    }

    public WorkerOptions build() {
      return new WorkerOptions(
          kafka, maxInFlightRecords, commitInterval, drainTimeout, actionsRuntime);
    }
  }
}
