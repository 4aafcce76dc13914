package dev.sluice.workers.kafka;

import dev.sluice.api.config.DestinationSettings;
import dev.sluice.workers.delivery.Connector;
import dev.sluice.workers.delivery.Delivery;
import dev.sluice.workers.delivery.SendResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces the transformed message to the configured topic, keyed by user id, message id or not at
 * all, with the original record's headers. Delivered once the target cluster acknowledged it
 * (acks=all, idempotent); retriable Kafka errors retry, others dead-letter.
 */
public final class KafkaConnector implements Connector {
  private final DestinationSettings.Kafka settings;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Context context;

  /**
   * @param producerConfig the producer's settings, from {@code KafkaClients.destinationProducer}
   */
  public KafkaConnector(
      Context context, DestinationSettings.Kafka settings, Map<String, Object> producerConfig) {
    this.context = context;
    this.settings = settings;
    this.producer =
        new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public BatchLimits limits() {
    // Each unit's records are sent together and the producer batches them on the wire.
    return new BatchLimits(100, 4 << 20, Duration.ofMillis(5));
  }

  @Override
  public Future<SendResult> send(List<Delivery> unit) {
    Promise<SendResult> promise = Promise.promise();
    int[] remaining = {unit.size()};
    SendResult[] worst = {SendResult.DELIVERED};
    for (Delivery d : unit) {
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(settings.topic(), null, key(d), d.body(), d.originalHeaders());
      try {
        producer.send(
            record,
            (metadata, error) ->
                context.runOnContext(
                    v -> {
                      if (error != null) {
                        worst[0] = worse(worst[0], classify(error));
                      }
                      if (--remaining[0] == 0) {
                        promise.complete(worst[0]);
                      }
                    }));
      } catch (RuntimeException e) {
        worst[0] = worse(worst[0], classify(e));
        if (--remaining[0] == 0) {
          promise.complete(worst[0]);
        }
      }
    }
    return promise.future();
  }

  @Override
  public Future<Void> close() {
    return context.executeBlocking(
        () -> {
          producer.close(Duration.ofSeconds(10));
          return null;
        });
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
