package dev.sluice.workers.pipeline;

import dev.sluice.api.config.WorkerConfig;
import dev.sluice.workers.WorkerOptions;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Kafka client settings of a pipeline; the options' overrides win. */
final class ClientConfigs {
  private ClientConfigs() {}

  static Map<String, Object> consumer(WorkerOptions options, WorkerConfig config) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
    // Offsets are committed by the pipeline, only up to what is done (decision 0051).
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Never used for a new group: the pipeline seeks to each Connection's start and commits it.
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    // KIP-848: a changed subscription assigns new partitions without revoking the others.
    c.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-worker-" + config.destination());
    c.putAll(options.consumerOverrides());
    return c;
  }

  /** Dead letters: acknowledged by every in-sync replica, never duplicated by producer retries. */
  static Map<String, Object> producer(WorkerOptions options) {
    Map<String, Object> c = new HashMap<>();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.putAll(options.producerOverrides());
    return c;
  }
}
