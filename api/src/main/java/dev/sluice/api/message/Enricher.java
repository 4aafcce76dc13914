package dev.sluice.api.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * Enrichment per DESIGN.md, applied in place to a message that passed the rules.
 *
 * <p>The envelope's {@code context} and {@code integrations} merge into each message's: a key the
 * message lacks is taken from the envelope; when both hold an object under the same key, the
 * envelope's keys the message lacks are added to it (one level deep); otherwise the message wins.
 * Envelope values are shared, not copied: enrichment never mutates a value it did not create or
 * that the message does not own.
 */
final class Enricher {
  private Enricher() {}

  /** What a batch's envelope adds to each message; {@link #NONE} for a single message. */
  record Envelope(ObjectNode context, ObjectNode integrations, JsonNode sentAt) {
    static final Envelope NONE = new Envelope(null, null, null);
  }

  /** The request's receipt time, read once per request so every message in a batch shares it. */
  record Receipt(Instant receivedAt, String receivedAtText) {
    static Receipt of(Instant now) {
      return new Receipt(now, Timestamps.format(now));
    }
  }

  /** Enriches {@code m} and returns its messageId. */
  static String enrich(ObjectNode m, Envelope envelope, Receipt receipt, IngestContext ctx) {
    String messageId = messageId(m);

    JsonNode sentAt = m.get("sentAt");
    if ((sentAt == null || sentAt.isNull()) && envelope.sentAt() != null) {
      sentAt = envelope.sentAt();
      m.set("sentAt", sentAt);
    }

    // originalTimestamp: the client's timestamp as sent, else the client's own originalTimestamp.
    JsonNode clientTimestamp = m.get("timestamp");
    JsonNode original;
    if (clientTimestamp != null && !clientTimestamp.isNull()) {
      original = clientTimestamp;
      m.set("originalTimestamp", original);
    } else {
      original = m.get("originalTimestamp");
    }

    Instant originalAt = Timestamps.parse(original);
    Instant sentAtInstant = Timestamps.parse(sentAt);
    Instant timestamp;
    if (originalAt != null && sentAtInstant != null) {
      // The client's clock may be off; sentAt and originalTimestamp are both on it, so their
      // difference is how long before sending the event happened, measured on that clock.
      timestamp = receipt.receivedAt().minus(Duration.between(originalAt, sentAtInstant));
    } else if (originalAt != null) {
      timestamp = originalAt;
    } else {
      timestamp = receipt.receivedAt();
    }
    if (!Timestamps.inRange(timestamp)) {
      // Skew correction with a wild sentAt can leave years 0-9999; such a clock is not believed.
      timestamp = receipt.receivedAt();
    }
    m.put(
        "timestamp",
        timestamp.equals(receipt.receivedAt())
            ? receipt.receivedAtText()
            : Timestamps.format(timestamp));
    m.put("receivedAt", receipt.receivedAtText());

    ObjectNode context = merge(m, "context", envelope.context());
    if (ctx != null && ctx.clientIp() != null) {
      if (context == null) {
        context = m.putObject("context");
      }
      JsonNode ip = context.get("ip");
      if (ip == null || ip.isNull()) {
        context.put("ip", ctx.clientIp());
      }
    }
    merge(m, "integrations", envelope.integrations());
    return messageId;
  }

  private static String messageId(ObjectNode m) {
    JsonNode id = m.get("messageId");
    if (id != null && id.isTextual() && !id.textValue().isEmpty()) {
      return id.textValue();
    }
    String generated = UUID.randomUUID().toString();
    m.put("messageId", generated);
    return generated;
  }

  /**
   * Merges {@code fromEnvelope} into {@code m.field} and returns the message's object there (null
   * when it has none). The message's object is its own, so adding to it is safe.
   */
  private static ObjectNode merge(ObjectNode m, String field, ObjectNode fromEnvelope) {
    JsonNode own = m.get(field);
    ObjectNode target = own instanceof ObjectNode o ? o : null;
    if (fromEnvelope == null || fromEnvelope.isEmpty()) {
      return target;
    }
    if (target == null) {
      target = m.putObject(field); // replaces an explicit null
    }
    Iterator<Map.Entry<String, JsonNode>> it = fromEnvelope.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode mine = target.get(e.getKey());
      if (mine == null) {
        target.set(e.getKey(), e.getValue());
      } else if (mine instanceof ObjectNode mineObject
          && e.getValue() instanceof ObjectNode theirs) {
        Iterator<Map.Entry<String, JsonNode>> inner = theirs.fields();
        while (inner.hasNext()) {
          Map.Entry<String, JsonNode> ie = inner.next();
          if (!mineObject.has(ie.getKey())) {
            mineObject.set(ie.getKey(), ie.getValue());
          }
        }
      }
    }
    return target;
  }
}
