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
 * @param commitInterval the least time between two commits; a commit goes as soon as something
 *     became done and the previous commit was answered (decision 0110)
 * @param drainTimeout how long shutdown and rebalances wait for in-flight deliveries
 * @param instanceId this process's lasting name in its consumer groups (the pod's name), so that
 *     after a crash the restarted process takes its partitions back at once (decision 0059); null
 *     for a dynamic member (the local runner, tests)
 * @param dedupLog keep each Destination's dedup window in a compacted topic too, so that it
 *     survives a restart (decision 0112); off only to measure what it costs
 * @param actionsRuntime the actions runtime's base URL (the container beside the worker, or the
 *     process the local runner starts), for Destinations of type actions
 */
public record WorkerOptions(
    KafkaSettings kafka,
    int maxInFlightRecords,
    Duration commitInterval,
    Duration drainTimeout,
    String instanceId,
    boolean dedupLog,
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

  /** Defaults: 10,000 records in flight, a commit whenever something became done, 10 s to drain. */
  public static final class Builder {
    private final KafkaSettings kafka;
    private int maxInFlightRecords = 10_000;
    private Duration commitInterval = Duration.ZERO;
    private Duration drainTimeout = Duration.ofSeconds(10);
    private String instanceId;
    private boolean dedupLog = true;
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

    public Builder instanceId(String id) {
      this.instanceId = id == null || id.isBlank() ? null : id;
      return this;
    }

    public Builder dedupLog(boolean on) {
      this.dedupLog = on;
      return this;
    }

    public Builder actionsRuntime(String url) {
      this.actionsRuntime = url == null || url.isBlank() ? DEFAULT_ACTIONS_RUNTIME : url;
      return this;
    }

    public WorkerOptions build() {
      return new WorkerOptions(
          kafka,
          maxInFlightRecords,
          commitInterval,
          drainTimeout,
          instanceId,
          dedupLog,
          actionsRuntime);
    }
  }
}
