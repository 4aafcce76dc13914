package dev.sluice.workers.pipeline;

import dev.sluice.api.config.SluiceHeaders;
import dev.sluice.runtime.kafka.KafkaSender;
import dev.sluice.workers.delivery.Delivery;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes dead letters: the original record value untouched, its headers, and headers saying why
 * (see {@link SluiceHeaders}). A message counts as done only once Kafka acknowledged its dead
 * letter. Sends go through a {@link KafkaSender}, so a dead-letter topic whose cluster does not
 * answer never blocks the pipeline's context.
 */
final class DeadLetters {
  private final KafkaSender sender;
  private final String topic;
  private final String destination;

  DeadLetters(Map<String, Object> producerConfig, String topic, String destination) {
    this.sender = KafkaSender.create("dlq-" + destination, producerConfig);
    this.topic = topic;
    this.destination = destination;
  }

  /**
   * Completes on the caller's context once acknowledged.
   *
   * @param from where the message was read, so that {@code sluice replay} can say and find it
   */
  Future<Void> write(Delivery delivery, TopicPartition from, long offset, Attempts attempts) {
    RecordHeaders headers = new RecordHeaders();
    if (delivery.originalHeaders() != null) {
      for (Header h : delivery.originalHeaders()) {
        headers.add(h.key(), h.value());
      }
    }
    put(headers, SluiceHeaders.DESTINATION, destination);
    put(headers, SluiceHeaders.CONNECTION, delivery.connection());
    put(headers, SluiceHeaders.ATTEMPTS, Integer.toString(attempts.count()));
    put(headers, SluiceHeaders.LAST_STATUS, Integer.toString(attempts.lastStatus()));
    put(headers, SluiceHeaders.LAST_ERROR, attempts.lastError());
    put(headers, SluiceHeaders.FIRST_ATTEMPT, str(attempts.first()));
    put(headers, SluiceHeaders.LAST_ATTEMPT, str(attempts.last()));
    put(headers, SluiceHeaders.ORIGINAL_TOPIC, from.topic());
    put(headers, SluiceHeaders.ORIGINAL_PARTITION, Integer.toString(from.partition()));
    put(headers, SluiceHeaders.ORIGINAL_OFFSET, Long.toString(offset));
    // A replay's routing headers named this Destination; a later replay sets its own.
    headers.remove(SluiceHeaders.REPLAY_DESTINATION);
    headers.remove(SluiceHeaders.REPLAY_CONNECTION);
    byte[] key = delivery.key() == null ? null : delivery.key().getBytes(StandardCharsets.UTF_8);
    return sender
        .send(new ProducerRecord<>(topic, null, key, delivery.originalValue(), headers))
        .mapEmpty();
  }

  Future<Void> close() {
    return sender.close(Duration.ofSeconds(5));
  }

  private static String str(Instant instant) {
    return instant == null ? "" : instant.toString();
  }

  private static void put(RecordHeaders headers, String name, String value) {
    headers.remove(name);
    headers.add(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
  }

  /** What happened to a unit so far. */
  record Attempts(int count, int lastStatus, String lastError, Instant first, Instant last) {}
}
