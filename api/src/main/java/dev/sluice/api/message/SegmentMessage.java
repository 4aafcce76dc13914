package dev.sluice.api.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * A read-only typed view of a logged Segment message (the common fields of the Segment Spec for all
 * six types). It wraps the tree without copying; callers must not mutate {@link #json()} through
 * it.
 */
public record SegmentMessage(ObjectNode json) {

  /** Reads a logged message (as {@link AcceptedMessage#json()} wrote it). */
  public static SegmentMessage parse(byte[] bytes) throws IOException {
    JsonNode node = MessageJson.readTree(bytes);
    if (!(node instanceof ObjectNode o)) {
      throw new IOException("a message must be a JSON object");
    }
    return new SegmentMessage(o);
  }

  /** The message serialised as UTF-8 JSON, numbers and unknown fields as they were. */
  public byte[] toBytes() {
    return MessageJson.write(json);
  }

  /** A field, or a missing node when absent (never null). */
  public JsonNode field(String name) {
    return json.path(name);
  }

  public Optional<MessageType> type() {
    return Optional.ofNullable(MessageType.byWireName(json.path("type").textValue()));
  }

  public Optional<String> messageId() {
    return text("messageId");
  }

  /** userId as a string (numbers too). */
  public Optional<String> userId() {
    return Optional.ofNullable(MessageRules.id(json.get("userId")));
  }

  /** anonymousId as a string (numbers too). */
  public Optional<String> anonymousId() {
    return Optional.ofNullable(MessageRules.id(json.get("anonymousId")));
  }

  /** userId, else anonymousId: the Kafka key of the message. */
  public Optional<String> key() {
    return userId().or(this::anonymousId);
  }

  /** track: the event name. */
  public Optional<String> event() {
    return text("event");
  }

  /** page and screen: the name. */
  public Optional<String> name() {
    return text("name");
  }

  /** group: the group id (numbers too). */
  public Optional<String> groupId() {
    return Optional.ofNullable(MessageRules.id(json.get("groupId")));
  }

  /** alias: the id being merged into userId. */
  public Optional<String> previousId() {
    return Optional.ofNullable(MessageRules.id(json.get("previousId")));
  }

  public Optional<ObjectNode> properties() {
    return object("properties");
  }

  public Optional<ObjectNode> traits() {
    return object("traits");
  }

  public Optional<ObjectNode> context() {
    return object("context");
  }

  public Optional<ObjectNode> integrations() {
    return object("integrations");
  }

  /** The skew-corrected time of the event. */
  public Optional<Instant> timestamp() {
    return instant("timestamp");
  }

  /** The client's own timestamp, as the client's clock read it. */
  public Optional<Instant> originalTimestamp() {
    return instant("originalTimestamp");
  }

  /** When the client sent the message, on its clock. */
  public Optional<Instant> sentAt() {
    return instant("sentAt");
  }

  /** When the gateway received the message, on its clock. */
  public Optional<Instant> receivedAt() {
    return instant("receivedAt");
  }

  private Optional<String> text(String name) {
    JsonNode v = json.get(name);
    return v != null && v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
  }

  private Optional<ObjectNode> object(String name) {
    return json.get(name) instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
  }

  private Optional<Instant> instant(String name) {
    return Optional.ofNullable(Timestamps.parse(json.get(name)));
  }
}
