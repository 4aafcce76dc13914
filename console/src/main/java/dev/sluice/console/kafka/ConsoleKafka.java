package dev.sluice.console.kafka;

import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumers for views: no group, no commits, no topic creation, small fetches. Each view opens its
 * own and closes it when it ends, so nothing is kept after a view closes.
 */
public final class ConsoleKafka {
  private final String bootstrapServers;

  public ConsoleKafka(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  public KafkaConsumer<byte[], byte[]> consumer(String purpose) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
    props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(4 * 1024 * 1024));
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(1024 * 1024));
    props.put(
        ConsumerConfig.CLIENT_ID_CONFIG, "sluice-console-" + purpose + "-" + UUID.randomUUID());
    return new KafkaConsumer<>(props);
  }
}
