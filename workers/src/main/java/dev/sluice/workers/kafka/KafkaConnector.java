package dev.sluice.workers.kafka;

import dev.sluice.api.config.DestinationSettings;
import dev.sluice.runtime.kafka.KafkaSender;
import dev.sluice.workers.delivery.Connector;
import dev.sluice.workers.delivery.Delivery;
import dev.sluice.workers.delivery.SendResult;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Produces the transformed message to the configured topic, keyed by user id, message id or not at
 * all, with the original record's headers. Delivered once the target cluster acknowledged it
 * (acks=all, idempotent); retriable Kafka errors retry, others dead-letter. Sends go through a
 * {@link KafkaSender}: a target cluster that does not answer never blocks the pipeline's context.
 */
public final class KafkaConnector implements Connector {
  private final DestinationSettings.Kafka settings;
  private final KafkaSender sender;

  /**
   * @param producerConfig the producer's settings, from {@code KafkaClients.destinationProducer}
   */
  public KafkaConnector(
      String destination, DestinationSettings.Kafka settings, Map<String, Object> producerConfig) {
    this.settings = settings;
    this.sender = KafkaSender.create("destination-" + destination, producerConfig);
  }

  @Override
  public BatchLimits limits() {
    // Each unit's records are sent together and the producer batches them on the wire.
    return new BatchLimits(100, 4 << 20, Duration.ofMillis(5));
  }

  @Override
  public Future<SendResult> send(List<Delivery> unit) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(unit.size());
    for (Delivery d : unit) {
      records.add(
          new ProducerRecord<>(settings.topic(), null, key(d), d.body(), d.originalHeaders()));
    }
    List<Future<RecordMetadata>> acks = sender.send(records);
    return Future.join(acks)
        .transform(
            all -> {
              SendResult worst = SendResult.DELIVERED;
              for (Future<RecordMetadata> ack : acks) {
                if (ack.failed()) {
                  worst = worse(worst, classify(ack.cause()));
                }
              }
              return Future.succeededFuture(worst);
            });
  }

  @Override
  public Future<Void> close() {
    return sender.close(Duration.ofSeconds(10));
  }

  private byte[] key(Delivery d) {
    String key =
        switch (settings.key() == null
            ? DestinationSettings.Kafka.KeyMode.USER_ID
            : settings.key()) {
          case USER_ID -> d.userId() != null ? d.userId() : d.key();
          case MESSAGE_ID -> d.messageId();
          case NONE -> null;
        };
    return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
  }

  private static SendResult classify(Throwable error) {
    String text = error.getClass().getSimpleName() + ": " + error.getMessage();
    return error instanceof RetriableException
        ? new SendResult.Retryable(0, text, null)
        : new SendResult.Rejected(0, text);
  }

  /** A rejection outranks a retry, which outranks success: the unit is judged by its worst part. */
  private static SendResult worse(SendResult a, SendResult b) {
    if (a instanceof SendResult.Rejected) {
      return a;
    }
    if (b instanceof SendResult.Rejected || a instanceof SendResult.Delivered) {
      return b;
    }
    return a;
  }
}
