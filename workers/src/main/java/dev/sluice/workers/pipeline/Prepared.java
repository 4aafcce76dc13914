package dev.sluice.workers.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.SluiceHeaders;
import dev.sluice.api.message.MessageJson;
import dev.sluice.workers.route.Route;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A record parsed and routed on the consumer thread (routes are immutable and the engine is
 * thread-safe), so the pipeline's context only does the bookkeeping and the I/O (decision 0054).
 *
 * @param unreadable why the record is not a message, or null
 */
record Prepared(
    ConsumerRecord<byte[], byte[]> record,
    TopicPartition partition,
    String key,
    String messageId,
    String userId,
    Instant receivedAt,
    List<Verdict> verdicts,
    String unreadable) {

  /** A Connection reading the record's topic, with its compiled route. */
  record ConnectionRoute(ConnectionConfig connection, Route route) {}

  /** One Connection's verdict on a record: filtered with a reason, or the body to deliver. */
  record Verdict(ConnectionConfig connection, String filteredReason, byte[] body) {}

  static Prepared of(ConsumerRecord<byte[], byte[]> record, List<ConnectionRoute> forTopic) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    ObjectNode message;
    try {
      JsonNode parsed = MessageJson.readTree(record.value());
      if (!(parsed instanceof ObjectNode object)) {
        throw new IOException("not a JSON object");
      }
      message = object;
    } catch (IOException | RuntimeException e) {
      return new Prepared(
          record, tp, key, null, null, null, List.of(), "unreadable message: " + e.getMessage());
    }
    Instant receivedAt = instant(text(message, "receivedAt"));
    if (receivedAt == null) {
      var header = record.headers().lastHeader(SluiceHeaders.RECEIVED_AT);
      receivedAt =
          header == null ? null : instant(new String(header.value(), StandardCharsets.UTF_8));
    }
    List<Verdict> verdicts = new ArrayList<>(forTopic.size());
    for (ConnectionRoute r : forTopic) {
      Route.Routed routed;
      try {
        routed = r.route().route(message);
      } catch (RuntimeException e) {
        routed = new Route.Routed.Filtered("transform_error", e.toString());
      }
      if (routed instanceof Route.Routed.Filtered f) {
        verdicts.add(new Verdict(r.connection(), f.reason(), null));
      } else if (routed instanceof Route.Routed.Pass p) {
        // Without transforms the message is the logged one: send its bytes, skip re-encoding.
        byte[] body =
            r.connection().transforms().isEmpty() ? record.value() : MessageJson.write(p.message());
        verdicts.add(new Verdict(r.connection(), null, body));
      }
    }
    return new Prepared(
        record,
        tp,
        key,
        text(message, "messageId"),
        text(message, "userId"),
        receivedAt,
        verdicts,
        null);
  }

  private static String text(ObjectNode message, String field) {
    JsonNode node = message.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }

  private static Instant instant(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
