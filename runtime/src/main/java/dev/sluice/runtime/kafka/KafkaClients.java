package dev.sluice.runtime.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Every Kafka client configuration Sluice makes, in one place. Each starts from durable defaults
 * and ends with the user's properties, which win.
 */
public final class KafkaClients {
  private KafkaClients() {}

  /** The worker consumer's session timeout unless a properties file says otherwise. */
  public static final int WORKER_SESSION_TIMEOUT_MS = 10_000;

  /** A third of the session timeout, as Kafka advises. */
  public static final int WORKER_HEARTBEAT_INTERVAL_MS = 3_000;

  /**
   * The gateway's log: acknowledged by every in-sync replica, never duplicated by producer retries,
   * batched and compressed, and bounded in time so a client gets a 503 rather than a hang.
   *
   * @param deliveryTimeout how long a record may wait for Kafka before the request fails
   * @param maxInFlightBytes the gateway's bound on bytes waiting for Kafka
   */
  public static Map<String, Object> gatewayProducer(
      KafkaSettings kafka, Duration deliveryTimeout, long maxInFlightBytes) {
    Map<String, Object> config = durable(kafka.bootstrapServers(), "sluice-gateway");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    long delivery = deliveryTimeout.toMillis();
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
    // delivery.timeout.ms must cover linger.ms + request.timeout.ms.
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, delivery / 2));
    // The sending thread blocks at most this long when a topic's metadata is missing.
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(delivery / 4, 1000));
    // Room for the in-flight bound plus batches being filled, so send never waits for memory.
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(64L << 20, maxInFlightBytes * 2));
    config.putAll(kafka.properties());
    return config;
  }

  /**
   * The gateway's second producer, for requests that arrive when little else waits for Kafka
   * (decision 0086): the same settings, but records leave at once ({@code linger.ms} 0) instead of
   * waiting to fill a batch, one produce request at a time. Null when the user's properties set
   * {@code linger.ms}: their choice then applies to every request, through one producer.
   */
  public static Map<String, Object> gatewayIdleProducer(
      KafkaSettings kafka, Duration deliveryTimeout, long maxInFlightBytes) {
    if (kafka.properties().containsKey(ProducerConfig.LINGER_MS_CONFIG)) {
      return null;
    }
    Map<String, Object> config = gatewayProducer(kafka, deliveryTimeout, maxInFlightBytes);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // One produce request out at a time: a lone record leaves at once, and the records that come
    // while it is out leave together when it returns, instead of one request per record.
    if (!kafka.properties().containsKey(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)) {
      config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    }
    // A client.id the user set names their quota: both producers keep it.
    if (!kafka.properties().containsKey(ProducerConfig.CLIENT_ID_CONFIG)) {
      config.put(ProducerConfig.CLIENT_ID_CONFIG, "sluice-gateway-idle");
    }
    return config;
  }

  /** A worker's dead letters: durable, on the cluster Sluice logs to. */
  public static Map<String, Object> deadLetterProducer(KafkaSettings kafka, String destination) {
    Map<String, Object> config = durable(kafka.bootstrapServers(), "sluice-dlq-" + destination);
    config.putAll(kafka.properties());
    return config;
  }

  /**
   * A Kafka Destination's producer. On Sluice's own cluster ({@code bootstrapServers} null) it uses
   * the process's properties; another cluster gets only the Destination's own, so Sluice's
   * credentials never go to a cluster they were not meant for.
   */
  public static Map<String, Object> destinationProducer(
      KafkaSettings kafka,
      String bootstrapServers,
      Map<String, String> destinationProperties,
      String destination) {
    boolean ownCluster = bootstrapServers == null;
    Map<String, Object> config =
        durable(ownCluster ? kafka.bootstrapServers() : bootstrapServers, "sluice-" + destination);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    if (ownCluster) {
      config.putAll(kafka.properties());
    }
    config.putAll(destinationProperties);
    return config;
  }

  /**
   * A worker's consumer: offsets are committed by the pipeline, only up to what is done.
   *
   * @param instanceId the pod's name (static membership), or null for a dynamic member
   */
  public static Map<String, Object> workerConsumer(
      KafkaSettings kafka, String consumerGroup, String destination, String instanceId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-worker-" + destination);
    // Never used for a new group: the pipeline seeks to each Connection's start and commits it.
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    // A pod replaced under a new name (node lost) leaves its partitions with a dead member until
    // the session times out: 10 s rather than the client's 45 s (decision 0059). Heartbeats come
    // from the consumer's own thread, so a busy pipeline does not miss them; above the broker's
    // group.min.session.timeout.ms (6 s by default). A properties file may still change both.
    config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, WORKER_SESSION_TIMEOUT_MS);
    config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, WORKER_HEARTBEAT_INTERVAL_MS);
    config.putAll(kafka.properties());
    // What at-least-once delivery rests on, so no properties file can change it: the pipeline
    // commits only what is done (decision 0051). The classic protocol with static membership lets a
    // restarted pod take its partitions back at once (decision 0059); the cooperative assignor
    // assigns new partitions without revoking the others.
    config.put(ConsumerConfig.GROUP_ID_CONFIG, consumerGroup);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    config.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    if (instanceId != null && !instanceId.isBlank()) {
      config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
    } else {
      config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }
    return config;
  }

  /**
   * Writes a worker's dedup log (decision 0112): on the cluster Sluice logs to, acknowledged by
   * every in-sync replica, lingering 2 ms: one produce request per delivered event (linger 0) cost
   * more broker and worker CPU than the delivery itself, while what waits here is what a crash
   * delivers twice, so the wait stays short (decision 0082).
   */
  public static Map<String, Object> dedupProducer(KafkaSettings kafka, String destination) {
    Map<String, Object> config = durable(kafka.bootstrapServers(), "sluice-dedup-" + destination);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    config.putAll(kafka.properties());
    return config;
  }

  /**
   * Reads a worker's dedup log from where it last stopped: assigned partitions, no group, nothing
   * committed.
   */
  public static Map<String, Object> dedupReader(KafkaSettings kafka, String destination) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-dedup-reader-" + destination);
    config.putAll(kafka.properties());
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Only the worker's Admin request creates the log, with its compaction settings.
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    return config;
  }

  /**
   * A reader of a topic that assigns its partitions itself (dead letters, {@code sluice tail}): no
   * group, no commits, no topic created by asking for it.
   */
  public static Map<String, Object> reader(KafkaSettings kafka, String clientId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.putAll(kafka.properties());
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return config;
  }

  /** Replays of dead letters into Source topics: durable, like the gateway's log. */
  public static Map<String, Object> replayProducer(KafkaSettings kafka) {
    Map<String, Object> config = durable(kafka.bootstrapServers(), "sluice-replay");
    config.putAll(kafka.properties());
    return config;
  }

  /** An admin client or a probe on the cluster Sluice logs to. */
  public static Map<String, Object> admin(KafkaSettings kafka, String clientId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.putAll(kafka.properties());
    return config;
  }

  private static Map<String, Object> durable(String bootstrapServers, String clientId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    return config;
  }
}
