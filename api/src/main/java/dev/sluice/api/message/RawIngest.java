package dev.sluice.api.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.IngestLimits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The tree-less ingest path: the same validation and enrichment as {@link Ingest}, and byte for
 * byte the same records, for bodies already in the form Sluice writes (compact, no escapes; what
 * analytics.js, the mobile SDKs and analytics-java send). Each message is read into a shallow
 * object whose fields keep their raw text; the rules and the {@link Enricher} run on it unchanged,
 * and the record is the raw text with the enriched fields spliced in. Anything else (a body outside
 * {@link RawScanner}'s subset, a message that would be rejected or is near the size limit, a
 * numeric id, a batch envelope with context or integrations) returns null, and the caller takes the
 * tree path for the whole request, which then decides exactly as before.
 */
public final class RawIngest {
  private final Clock clock;

  public RawIngest(Clock clock) {
    this.clock = clock;
  }

  /**
   * A body read by {@link #scanBatch} or {@link #scanSingle}: where its messages lie and its {@code
   * writeKey} (a string, or null).
   */
  public static final class Scanned {
    final RawScanner scanner;
    final int[] messages; // per message: start, end, first field, field count, context ip state
    final int count;
    final JsonNode sentAt;
    private final String writeKey;

    Scanned(RawScanner scanner, int[] messages, int count, JsonNode sentAt, String writeKey) {
      this.scanner = scanner;
      this.messages = messages;
      this.count = count;
      this.sentAt = sentAt;
      this.writeKey = writeKey;
    }

    public String writeKey() {
      return writeKey;
    }
  }

  /** A {@code /v1/<type>} body, or null when the tree path must read it. */
  public static Scanned scanSingle(byte[] body) {
    if (!utf8(body)) {
      return null;
    }
    RawScanner s = new RawScanner(body);
    try {
      s.whitespace();
      int start = s.pos;
      int first = s.message(1);
      int end = s.pos;
      s.whitespace();
      if (s.pos != body.length) {
        return null;
      }
      int[] messages = {start, end, first, s.fieldCount - first, s.contextIp};
      String writeKey = null;
      for (int i = first; i < s.fieldCount; i++) {
        if (key(s, i).equals("writeKey")) {
          writeKey = writeKeyValue(s, i);
        }
      }
      return new Scanned(s, messages, 1, null, writeKey);
    } catch (RawScanner.Fallback e) {
      return null;
    }
  }

  /**
   * A {@code /v1/batch} body, or null when the tree path must read it (also when it has no {@code
   * batch} array of objects, or an envelope {@code context} or {@code integrations} with keys).
   */
  public static Scanned scanBatch(byte[] body) {
    if (!utf8(body)) {
      return null;
    }
    RawScanner s = new RawScanner(body);
    try {
      int[] messages = null;
      int count = 0;
      JsonNode sentAt = null;
      String writeKey = null;
      // The envelope's own fields are recorded like a message's, then the batch's after them.
      s.whitespace();
      s.expect((byte) '{');
      s.whitespace();
      boolean more = !s.at((byte) '}');
      java.util.Set<String> seen = new java.util.HashSet<>();
      while (more) {
        int keyStart = s.pos + 1;
        s.string();
        String name = new String(body, keyStart, s.pos - 1 - keyStart, StandardCharsets.UTF_8);
        if (!seen.add(name)) {
          return null; // a repeated envelope key
        }
        s.whitespace();
        s.expect((byte) ':');
        s.whitespace();
        int valueStart = s.pos;
        switch (name) {
          case "batch" -> {
            messages = new int[5 * Math.max(4, body.length / 600)];
            s.expect((byte) '[');
            s.whitespace();
            boolean items = !s.at((byte) ']');
            while (items) {
              int start = s.pos;
              if (!s.at((byte) '{')) {
                return null;
              }
              int first = s.message(2);
              if (5 * count + 5 > messages.length) {
                messages = java.util.Arrays.copyOf(messages, messages.length * 2);
              }
              int m = 5 * count++;
              messages[m] = start;
              messages[m + 1] = s.pos;
              messages[m + 2] = first;
              messages[m + 3] = s.fieldCount - first;
              messages[m + 4] = s.contextIp;
              s.whitespace();
              items = s.at((byte) ',');
              if (items) {
                s.pos++;
                s.whitespace();
              }
            }
            s.expect((byte) ']');
          }
          case "sentAt" -> {
            int kind = s.value(1);
            if (kind == RawScanner.STRING) {
              sentAt = RawText.of(body, valueStart, s.pos);
            } else if (kind != RawScanner.NULL) {
              return null;
            }
          }
          case "writeKey" -> {
            int kind = s.value(1);
            if (kind == RawScanner.STRING) {
              writeKey = RawText.of(body, valueStart, s.pos).textValue();
            } else if (kind != RawScanner.NULL) {
              return null;
            }
          }
          case "context", "integrations" -> {
            int kind = s.value(1);
            if (kind != RawScanner.NULL
                && !(kind == RawScanner.OBJECT && s.pos - valueStart == 2)) {
              return null; // an envelope object to merge into every message: the tree path
            }
          }
          default -> s.value(1);
        }
        s.whitespace();
        more = s.at((byte) ',');
        if (more) {
          s.pos++;
          s.whitespace();
        }
      }
      s.expect((byte) '}');
      s.whitespace();
      if (s.pos != body.length || messages == null || count == 0) {
        return null;
      }
      return new Scanned(s, messages, count, sentAt, writeKey);
    } catch (RawScanner.Fallback e) {
      return null;
    }
  }

  /** The same checks as {@code MessageParser}: anything it would refuse, it refuses itself. */
  private static boolean utf8(byte[] body) {
    for (int i = 0; i < Math.min(4, body.length); i++) {
      if (body[i] == 0) {
        return false;
      }
    }
    return Utf8.firstInvalid(body) < 0;
  }

  /**
   * A single message, as {@link Ingest#single}; null when the tree path must take it (also when it
   * would be rejected, so the rejection is the tree path's).
   */
  public IngestResult single(
      Scanned scanned, MessageType pathType, IngestContext ctx, IngestLimits limits) {
    Enricher.Receipt receipt = Enricher.Receipt.of(clock.instant());
    AcceptedMessage m = message(scanned, 0, pathType, Enricher.Envelope.NONE, receipt, ctx, limits);
    return m == null ? null : new IngestResult(List.of(m), new ArrayList<>(0));
  }

  /** A batch, as {@link Ingest#batch}; null when the tree path must take the request. */
  public IngestResult batch(Scanned scanned, IngestContext ctx, IngestLimits limits) {
    if (scanned.count > limits.maxBatchMessages()) {
      return null;
    }
    Enricher.Envelope envelope = new Enricher.Envelope(null, null, scanned.sentAt);
    Enricher.Receipt receipt = Enricher.Receipt.of(clock.instant());
    List<AcceptedMessage> accepted = new ArrayList<>(scanned.count);
    for (int i = 0; i < scanned.count; i++) {
      AcceptedMessage m = message(scanned, i, null, envelope, receipt, ctx, limits);
      if (m == null) {
        return null;
      }
      accepted.add(m);
    }
    return new IngestResult(accepted, new ArrayList<>(0));
  }

  private static AcceptedMessage message(
      Scanned scanned,
      int index,
      MessageType pathType,
      Enricher.Envelope envelope,
      Enricher.Receipt receipt,
      IngestContext ctx,
      IngestLimits limits) {
    RawScanner s = scanned.scanner;
    int at = 5 * index;
    int start = scanned.messages[at];
    int end = scanned.messages[at + 1];
    if (JsonSize.mayExceed(end - start, limits.maxMessageBytes())) {
      return null;
    }
    ObjectNode m =
        shallow(s, scanned.messages[at + 2], scanned.messages[at + 3], scanned.messages[at + 4]);
    if (m == null) {
      return null;
    }
    m.remove("writeKey");
    MessageType type = pathType;
    if (type == null) {
      JsonNode t = m.get("type");
      type = t != null && t.isTextual() ? MessageType.byWireName(t.textValue()) : null;
      if (type == null) {
        return null;
      }
    }
    if (MessageRules.check(m, type) != null) {
      return null;
    }
    String key = MessageRules.id(m.get("userId"));
    if (key == null) {
      key = MessageRules.id(m.get("anonymousId"));
    }
    if (pathType != null) {
      m.put("type", pathType.wireName());
    }
    String clientIp = ctx == null ? null : ctx.clientIp();
    if (clientIp != null && !RawWriter.plainAscii(clientIp)) {
      return null;
    }
    String messageId = Enricher.enrich(m, envelope, receipt, ctx);
    return new AcceptedMessage(index, type, key, messageId, RawWriter.write(s.b, m));
  }

  /** Fields the rules and enrichment read as values; all others keep only their raw text. */
  private static boolean readAsValue(String name) {
    return switch (name) {
      case "type",
          "event",
          "userId",
          "anonymousId",
          "previousId",
          "groupId",
          "messageId",
          "timestamp",
          "originalTimestamp",
          "sentAt" ->
          true;
      default -> false;
    };
  }

  /** The message's top-level fields in order, values raw; null to take the tree path. */
  private static ObjectNode shallow(RawScanner s, int first, int count, int contextIp) {
    ObjectNode m = MessageJson.mapper().getNodeFactory().objectNode();
    int[] f = s.fields;
    for (int i = first; i < first + count; i++) {
      String name = key(s, i);
      int valueStart = f[5 * i + 2];
      int valueEnd = f[5 * i + 3];
      int kind = f[5 * i + 4];
      JsonNode value;
      if (kind == RawScanner.NULL) {
        value = NullNode.getInstance();
      } else if (readAsValue(name)) {
        if (kind != RawScanner.STRING) {
          return null; // numeric ids become strings, other kinds are rejected: the tree path
        }
        value = RawText.of(s.b, valueStart, valueEnd);
      } else if (kind == RawScanner.OBJECT) {
        value = new RawObject(valueStart, valueEnd, name.equals("context") ? contextIp : -1);
      } else {
        value = new RawSpan(valueStart, valueEnd);
      }
      m.set(name, value);
    }
    return m;
  }

  private static String key(RawScanner s, int field) {
    int start = s.fields[5 * field];
    int end = s.fields[5 * field + 1];
    return new String(s.b, start, end - start, StandardCharsets.UTF_8);
  }

  private static String writeKeyValue(RawScanner s, int field) {
    int kind = s.fields[5 * field + 4];
    if (kind == RawScanner.STRING) {
      return RawText.of(s.b, s.fields[5 * field + 2], s.fields[5 * field + 3]).textValue();
    }
    if (kind == RawScanner.NULL) {
      return null;
    }
    throw RawScanner.fallback();
  }
}
