package dev.sluice.console.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.message.MessageJson;
import dev.sluice.console.http.ConsoleJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A record as the views show it: where it is, when it was written, Sluice's headers (never a
 * secret: the gateway writes a write key's id, not the key) and the message as JSON, or as text
 * when it is not JSON (a rejected item can be anything a client sent).
 */
public final class RecordJson {
  private RecordJson() {}

  public static ObjectNode of(ConsumerRecord<byte[], byte[]> record) {
    ObjectNode out = ConsoleJson.object();
    out.put("partition", record.partition());
    out.put("offset", record.offset());
    out.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
    ObjectNode headers = out.putObject("headers");
    for (Header header : record.headers()) {
      if (header.key().startsWith("sluice.") && header.value() != null) {
        headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
      }
    }
    JsonNode message = parse(record.value());
    if (message != null) {
      out.set("message", message);
    } else if (record.value() != null) {
      out.put("text", new String(record.value(), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** The value as a JSON object, or null when it is not one. */
  public static ObjectNode parse(byte[] value) {
    if (value == null) {
      return null;
    }
    try {
      return MessageJson.readTree(value) instanceof ObjectNode object ? object : null;
    } catch (Exception e) {
      return null;
    }
  }

  public static String header(ConsumerRecord<byte[], byte[]> record, String key) {
    Header header = record.headers().lastHeader(key);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }
}
