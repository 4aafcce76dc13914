package dev.sluice.api.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Segment's per-message rules. Each failure has Segment's code and a sentence for a person. */
final class MessageRules {
  /** messageId must be shorter than this. */
  static final int MAX_MESSAGE_ID_LENGTH = 100;

  private MessageRules() {}

  /** A failed rule. */
  record Violation(ErrorCode code, String message) {}

  /** The first rule {@code m} breaks as a message of {@code type}, or null when it passes. */
  static Violation check(ObjectNode m, MessageType type) {
    if (type == MessageType.ALIAS) {
      if (id(m.get("userId")) == null) {
        return new Violation(
            ErrorCode.ID_REQUIRED,
            "alias requires userId (the new id: a non-empty string or a number)");
      }
      if (id(m.get("previousId")) == null) {
        return new Violation(
            ErrorCode.ID_REQUIRED,
            "alias requires previousId (the id being merged: a non-empty string or a number)");
      }
    } else if (id(m.get("userId")) == null && id(m.get("anonymousId")) == null) {
      return new Violation(
          ErrorCode.NO_USER_ANON_ID,
          type.wireName() + " requires userId or anonymousId (a non-empty string or a number)");
    }
    switch (type) {
      case TRACK -> {
        JsonNode event = m.get("event");
        if (event == null || event.isNull() || (event.isTextual() && event.textValue().isEmpty())) {
          return new Violation(ErrorCode.EVENT_NOT_DEFINED, "track requires event");
        }
        if (!event.isTextual()) {
          return new Violation(
              ErrorCode.EVENT_NOT_STRING,
              "track requires event to be a string, not " + MessageParser.describe(event));
        }
      }
      case GROUP -> {
        if (id(m.get("groupId")) == null) {
          return new Violation(
              ErrorCode.ID_REQUIRED, "group requires groupId (a non-empty string or a number)");
        }
      }
      default -> {}
    }
    Violation v = objectOrAbsent(m, "properties", ErrorCode.PROPERTIES_NOT_OBJECT);
    if (v == null) {
      v = objectOrAbsent(m, "traits", ErrorCode.TRAITS_NOT_OBJECT);
    }
    if (v == null) {
      v = objectOrAbsent(m, "context", ErrorCode.CONTEXT_NOT_OBJECT);
    }
    if (v == null) {
      v = objectOrAbsent(m, "integrations", ErrorCode.INTEGRATIONS_NOT_OBJECT);
    }
    if (v == null) {
      v = messageId(m.get("messageId"));
    }
    return v;
  }

  private static Violation objectOrAbsent(ObjectNode m, String field, ErrorCode code) {
    JsonNode v = m.get(field);
    if (v == null || v.isNull() || v.isObject()) {
      return null;
    }
    return new Violation(code, field + " must be an object, not " + MessageParser.describe(v));
  }

  private static Violation messageId(JsonNode id) {
    if (id == null || id.isNull()) {
      return null;
    }
    if (!id.isTextual()) {
      return new Violation(
          ErrorCode.MESSAGE_ID_INVALID,
          "messageId must be a string, not " + MessageParser.describe(id));
    }
    int length = id.textValue().length();
    if (length >= MAX_MESSAGE_ID_LENGTH) {
      return new Violation(
          ErrorCode.MESSAGE_ID_INVALID,
          "messageId must be shorter than "
              + MAX_MESSAGE_ID_LENGTH
              + " characters; it has "
              + length);
    }
    return null;
  }

  private static final String[] ID_FIELDS = {"userId", "anonymousId", "previousId", "groupId"};

  /**
   * Numeric ids become strings of their text as sent ({@code 42} becomes {@code "42"}): Segment's
   * warehouses and most destinations type ids as strings, and one id must not arrive as two types.
   */
  static void stringifyIds(ObjectNode m) {
    for (String field : ID_FIELDS) {
      JsonNode v = m.get(field);
      if (v != null && v.isNumber()) {
        m.put(field, v.asText());
      }
    }
  }

  /**
   * An identifier as a string: a non-empty string, or a number (some SDKs send numeric ids), else
   * null.
   */
  static String id(JsonNode v) {
    if (v == null) {
      return null;
    }
    if (v.isTextual()) {
      String s = v.textValue();
      return s.isEmpty() ? null : s;
    }
    if (v.isNumber()) {
      return v.asText();
    }
    return null;
  }
}
