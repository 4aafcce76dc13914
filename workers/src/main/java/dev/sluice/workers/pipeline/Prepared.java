package dev.sluice.workers.pipeline;

import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.SluiceHeaders;
import dev.sluice.api.message.MessageJson;
import dev.sluice.api.message.SegmentMessage;
import dev.sluice.api.routing.FilterReason;
import dev.sluice.api.routing.RouteOutcome;
import dev.sluice.workers.delivery.Delivery;
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
 * @param deliveries one per Connection that passed the message
 * @param filtered one per Connection that did not
 * @param unreadable why the record is not a message, or null
 * @param replay a replay of a dead letter into this Destination: delivered even if its messageId
 *     was seen (decision 0115)
 */
record Prepared(
    ConsumerRecord<byte[], byte[]> record,
    TopicPartition partition,
    String key,
    String messageId,
    List<Delivery> deliveries,
    List<Filtered> filtered,
    String unreadable,
    boolean replay) {

  /** A Connection's filter (or a failed transform) kept the message from it. */
  record Filtered(String connection, RouteOutcome.Filtered outcome) {}

  /** How many Connections read the record: each settles a part of it. */
  int parts() {
    return deliveries.size() + filtered.size();
  }

  static Prepared of(ConsumerRecord<byte[], byte[]> record, RouteTable routes) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    Replay replay = Replay.of(record);
    if (replay != null && !replay.destination().equals(routes.destination())) {
      // Replayed into another Destination: nothing for any Connection here.
      return new Prepared(record, tp, key, null, List.of(), List.of(), null, false);
    }
    SegmentMessage message;
    try {
      message = SegmentMessage.parse(record.value());
    } catch (IOException | RuntimeException e) {
      return new Prepared(
          record,
          tp,
          key,
          null,
          List.of(),
          List.of(),
          "unreadable message: " + e.getMessage(),
          false);
    }
    String messageId = message.messageId().orElse(null);
    String userId = message.userId().orElse(null);
    Instant receivedAt = message.receivedAt().orElseGet(() -> receivedHeader(record));
    List<RouteTable.ConnectionRoute> readers = routes.forTopic(record.topic());
    List<Delivery> deliveries = new ArrayList<>(readers.size());
    List<Filtered> filtered = new ArrayList<>(0);
    for (RouteTable.ConnectionRoute r : readers) {
      ConnectionConfig c = r.connection();
      if (replay != null
          && !replay.connection().isEmpty()
          && !replay.connection().equals(c.name())) {
        continue;
      }
      byte[] body;
      try {
        if (c.transforms().isEmpty()) {
          // Nothing to transform: the message is the logged one; send its bytes, no copy.
          RouteOutcome.Filtered out = r.router().filter(message.json());
          if (out != null) {
            filtered.add(new Filtered(c.name(), out));
            continue;
          }
          body = record.value();
        } else {
          RouteOutcome outcome = r.router().route(message.json());
          if (outcome instanceof RouteOutcome.Pass pass) {
            body = MessageJson.write(pass.message());
          } else if (outcome instanceof RouteOutcome.Filtered out) {
            filtered.add(new Filtered(c.name(), out));
            continue;
          } else {
            throw new IllegalStateException("unknown route outcome " + outcome);
          }
        }
      } catch (RuntimeException e) {
        filtered.add(
            new Filtered(
                c.name(), new RouteOutcome.Filtered(FilterReason.TRANSFORM_ERROR, e.toString())));
        continue;
      }
      deliveries.add(
          new Delivery(
              c.name(),
              c.source(),
              key,
              messageId,
              userId,
              body,
              record.value(),
              record.headers(),
              receivedAt));
    }
    return new Prepared(record, tp, key, messageId, deliveries, filtered, null, replay != null);
  }

  /** The target of a replayed record ({@code sluice replay}), read from its headers. */
  private record Replay(String destination, String connection) {
    static Replay of(ConsumerRecord<byte[], byte[]> record) {
      var destination = record.headers().lastHeader(SluiceHeaders.REPLAY_DESTINATION);
      if (destination == null) {
        return null;
      }
      var connection = record.headers().lastHeader(SluiceHeaders.REPLAY_CONNECTION);
      return new Replay(
          new String(destination.value(), StandardCharsets.UTF_8),
          connection == null ? "" : new String(connection.value(), StandardCharsets.UTF_8));
    }
  }

  private static Instant receivedHeader(ConsumerRecord<byte[], byte[]> record) {
    var header = record.headers().lastHeader(SluiceHeaders.RECEIVED_AT);
    if (header == null) {
      return null;
    }
    try {
      return Instant.parse(new String(header.value(), StandardCharsets.UTF_8));
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
