package dev.sluice.api.message;

import java.util.Optional;

/** The six message types of the Segment Spec. */
public enum MessageType {
  TRACK("track", "t"),
  IDENTIFY("identify", "i"),
  PAGE("page", "p"),
  SCREEN("screen", "s"),
  GROUP("group", "g"),
  ALIAS("alias", "a");

  private final String wireName;
  private final String shortPath;

  MessageType(String wireName, String shortPath) {
    this.wireName = wireName;
    this.shortPath = shortPath;
  }

  /** The value of a message's {@code type} field, e.g. {@code "track"}. */
  public String wireName() {
    return wireName;
  }

  /** The type whose {@code type} field value is {@code s} (exact, lower case as Segment sends). */
  public static Optional<MessageType> fromWireName(String s) {
    return Optional.ofNullable(byWireName(s));
  }

  /**
   * The type a request path segment names: the full name ({@code /v1/track}) or analytics.js's
   * one-letter form ({@code /v1/t}).
   */
  public static Optional<MessageType> fromPath(String seg) {
    MessageType t = byWireName(seg);
    if (t != null) {
      return Optional.of(t);
    }
    for (MessageType m : values()) {
      if (m.shortPath.equals(seg)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  // Allocation-free lookup for the hot path.
  static MessageType byWireName(String s) {
    if (s == null) {
      return null;
    }
    return switch (s) {
      case "track" -> TRACK;
      case "identify" -> IDENTIFY;
      case "page" -> PAGE;
      case "screen" -> SCREEN;
      case "group" -> GROUP;
      case "alias" -> ALIAS;
      default -> null;
    };
  }
}
