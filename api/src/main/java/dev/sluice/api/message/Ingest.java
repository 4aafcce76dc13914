package dev.sluice.api.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.IngestLimits;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates and enriches the messages of one tracking-API request. Each item is accepted or
 * rejected on its own; only a malformed envelope fails the whole request. The body tree is enriched
 * in place and must not be reused afterwards.
 */
public final class Ingest {
  private static final String TYPES = "track, identify, page, screen, group or alias";

  private final Clock clock;

  public Ingest(Clock clock) {
    this.clock = clock;
  }

  /** The body's {@code writeKey} string (analytics-java sends it only there), or null. */
  public static String writeKeyOf(ObjectNode body) {
    JsonNode key = body.get("writeKey");
    return key != null && key.isTextual() ? key.textValue() : null;
  }

  /**
   * One message posted to {@code /v1/<type>}: the path's type sets {@code type}, overriding a
   * different one in the body.
   */
  public IngestResult single(
      ObjectNode body, MessageType pathType, IngestContext ctx, IngestLimits limits) {
    return single(body, -1, pathType, ctx, limits);
  }

  /**
   * {@link #single(ObjectNode, MessageType, IngestContext, IngestLimits)} of a body whose raw text
   * was {@code rawBytes} long (-1 when unknown): a short body needs no size walk.
   */
  public IngestResult single(
      ObjectNode body,
      long rawBytes,
      MessageType pathType,
      IngestContext ctx,
      IngestLimits limits) {
    Enricher.Receipt receipt = Enricher.Receipt.of(clock.instant());
    List<AcceptedMessage> accepted = new ArrayList<>(1);
    List<RejectedMessage> rejected = new ArrayList<>(0);
    item(
        0,
        body,
        rawBytes,
        pathType,
        Enricher.Envelope.NONE,
        receipt,
        ctx,
        limits,
        accepted,
        rejected);
    return new IngestResult(accepted, rejected);
  }

  /**
   * A batch ({@code /v1/batch}, {@code /v1/b}, {@code /v1/import}): {@code {"batch":[...],
   * "context"?, "integrations"?, "sentAt"?, "writeKey"?}}; each item's own {@code type} decides.
   *
   * @throws IngestException 400 {@code batch_missing}, {@code batch_empty}, {@code
   *     context_not_object} or {@code integrations_not_object} (the envelope's); 413 {@code
   *     too_many_messages}
   */
  public IngestResult batch(ObjectNode body, IngestContext ctx, IngestLimits limits)
      throws IngestException {
    return batch(new MessageParser.Spanned(body, null), ctx, limits);
  }

  /**
   * {@link #batch(ObjectNode, IngestContext, IngestLimits)} of a body from {@link
   * MessageParser#parseSpanned}: items whose raw text is short need no size walk.
   */
  public IngestResult batch(MessageParser.Spanned spanned, IngestContext ctx, IngestLimits limits)
      throws IngestException {
    ObjectNode body = spanned.body();
    JsonNode batchNode = body.get("batch");
    if (!(batchNode instanceof ArrayNode items)) {
      throw new IngestException(
          ErrorCode.BATCH_MISSING,
          batchNode == null
              ? "The request body must have a \"batch\" array of messages."
              : "\"batch\" must be an array of messages, not "
                  + MessageParser.describe(batchNode)
                  + ".");
    }
    if (items.isEmpty()) {
      throw new IngestException(
          ErrorCode.BATCH_EMPTY, "\"batch\" is empty; send at least one message.");
    }
    if (items.size() > limits.maxBatchMessages()) {
      throw new IngestException(
          ErrorCode.TOO_MANY_MESSAGES,
          "The batch has "
              + items.size()
              + " messages; the limit is "
              + limits.maxBatchMessages()
              + " a request.");
    }
    Enricher.Envelope envelope =
        new Enricher.Envelope(
            envelopeObject(body, "context", ErrorCode.CONTEXT_NOT_OBJECT),
            envelopeObject(body, "integrations", ErrorCode.INTEGRATIONS_NOT_OBJECT),
            sentAt(body));
    Enricher.Receipt receipt = Enricher.Receipt.of(clock.instant());
    int n = items.size();
    List<AcceptedMessage> accepted = new ArrayList<>(n);
    List<RejectedMessage> rejected = new ArrayList<>(0);
    int[] raw = spanned.batchItemBytes();
    boolean spans = raw != null && raw.length == n;
    for (int i = 0; i < n; i++) {
      item(
          i,
          items.get(i),
          spans ? raw[i] : -1,
          null,
          envelope,
          receipt,
          ctx,
          limits,
          accepted,
          rejected);
    }
    return new IngestResult(accepted, rejected);
  }

  private static ObjectNode envelopeObject(ObjectNode body, String field, ErrorCode code)
      throws IngestException {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v instanceof ObjectNode o) {
      return o;
    }
    throw new IngestException(
        code,
        "The batch's \"" + field + "\" must be an object, not " + MessageParser.describe(v) + ".");
  }

  private static JsonNode sentAt(ObjectNode body) {
    JsonNode v = body.get("sentAt");
    return v == null || v.isNull() ? null : v;
  }

  private static void item(
      int index,
      JsonNode node,
      long rawBytes,
      MessageType pathType,
      Enricher.Envelope envelope,
      Enricher.Receipt receipt,
      IngestContext ctx,
      IngestLimits limits,
      List<AcceptedMessage> accepted,
      List<RejectedMessage> rejected) {
    if (!(node instanceof ObjectNode m)) {
      rejected.add(
          new RejectedMessage(
              index,
              ErrorCode.NOT_AN_OBJECT,
              "A message must be a JSON object, not " + MessageParser.describe(node),
              MessageJson.write(node)));
      return;
    }
    // Measured as received, writeKey included; a short raw text cannot be over the limit.
    boolean tooLarge =
        JsonSize.mayExceed(rawBytes, limits.maxMessageBytes())
            && JsonSize.exceeds(m, limits.maxMessageBytes());
    long size = tooLarge ? JsonSize.of(m) : 0;
    m.remove("writeKey");
    if (tooLarge) {
      rejected.add(
          reject(
              index,
              ErrorCode.MESSAGE_TOO_LARGE,
              "The message is "
                  + size
                  + " bytes; the limit is "
                  + limits.maxMessageBytes()
                  + " bytes",
              m));
      return;
    }
    MessageType type = pathType;
    if (type == null) {
      JsonNode t = m.get("type");
      type = t != null && t.isTextual() ? MessageType.byWireName(t.textValue()) : null;
      if (type == null) {
        String why =
            t == null || t.isNull()
                ? "The message has no type"
                : t.isTextual()
                    ? "Message type \"" + t.textValue() + "\" is not supported"
                    : "The message's type must be a string, not " + MessageParser.describe(t);
        rejected.add(reject(index, ErrorCode.TYPE_NOT_SUPPORTED, why + "; use " + TYPES, m));
        return;
      }
    }
    MessageRules.Violation v = MessageRules.check(m, type);
    if (v != null) {
      rejected.add(reject(index, v.code(), v.message(), m));
      return;
    }
    MessageRules.stringifyIds(m);
    String key = MessageRules.id(m.get("userId"));
    if (key == null) {
      key = MessageRules.id(m.get("anonymousId"));
    }
    if (pathType != null) {
      m.put("type", pathType.wireName());
    }
    String messageId = Enricher.enrich(m, envelope, receipt, ctx);
    byte[] json;
    try {
      json = MessageJson.write(m);
    } catch (UncheckedIOException e) {
      rejected.add(
          new RejectedMessage(
              index,
              ErrorCode.INVALID_JSON,
              "The message cannot be serialised as JSON",
              new byte[0]));
      return;
    }
    accepted.add(new AcceptedMessage(index, type, key, messageId, json));
  }

  private static RejectedMessage reject(int index, ErrorCode code, String message, ObjectNode m) {
    byte[] original;
    try {
      original = MessageJson.write(m);
    } catch (UncheckedIOException e) {
      original = new byte[0];
    }
    return new RejectedMessage(index, code, message, original);
  }
}
