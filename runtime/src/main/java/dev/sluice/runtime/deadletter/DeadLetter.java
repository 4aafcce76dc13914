package dev.sluice.runtime.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record of a dead-letter topic: the message as it was logged (key and value untouched), its
 * headers, and the failure context read from them.
 *
 * @param key the record key (userId, else anonymousId); null when it had none
 * @param value the original message bytes (normally UTF-8 JSON)
 * @param headers every header by name (last value wins), UTF-8; the original record's own ones
 *     ({@code sluice.source}, {@code sluice.received-at}, ...) included
 */
public record DeadLetter(
    String topic,
    int partition,
    long offset,
    Instant timestamp,
    String key,
    byte[] value,
    Map<String, String> headers,
    FailureContext failure) {

  public DeadLetter {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header h : record.headers()) {
      headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
    }
    return new DeadLetter(
        record.topic(),
        record.partition(),
        record.offset(),
        Instant.ofEpochMilli(record.timestamp()),
        record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
        record.value() == null ? new byte[0] : record.value(),
        headers,
        FailureContext.of(headers));
  }

  /** Where it is in the dead-letter topic, as {@code sluice replay --offset} takes it. */
  public Position position() {
    return new Position(partition, offset);
  }

  /** The message as text. */
  public String message() {
    return new String(value, StandardCharsets.UTF_8);
  }
}
