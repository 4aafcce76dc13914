package dev.sluice.api.message;

import java.util.Locale;

/**
 * Every code the tracking API answers with or records a rejected message under, in Segment's style
 * ({@code event_not_defined}). Each belongs to a {@link Kind}; the gateway turns kinds into HTTP
 * statuses in one place, so nothing below it speaks HTTP.
 */
public enum ErrorCode {
  // The body as a whole
  INVALID_JSON(Kind.BAD_INPUT),
  JSON_TOO_DEEP(Kind.BAD_INPUT),
  NOT_AN_OBJECT(Kind.BAD_INPUT),
  BATCH_MISSING(Kind.BAD_INPUT),
  BATCH_EMPTY(Kind.BAD_INPUT),
  TOO_MANY_MESSAGES(Kind.TOO_LARGE),
  REQUEST_TOO_LARGE(Kind.TOO_LARGE),
  UNSUPPORTED_ENCODING(Kind.UNSUPPORTED_ENCODING),
  INVALID_GZIP(Kind.BAD_INPUT),
  DATA_MISSING(Kind.BAD_INPUT),
  INVALID_BASE64(Kind.BAD_INPUT),

  // One message (Segment's per-message rules)
  TYPE_NOT_SUPPORTED(Kind.BAD_INPUT),
  MESSAGE_TOO_LARGE(Kind.TOO_LARGE),
  NO_USER_ANON_ID(Kind.BAD_INPUT),
  ID_REQUIRED(Kind.BAD_INPUT),
  EVENT_NOT_DEFINED(Kind.BAD_INPUT),
  EVENT_NOT_STRING(Kind.BAD_INPUT),
  PROPERTIES_NOT_OBJECT(Kind.BAD_INPUT),
  TRAITS_NOT_OBJECT(Kind.BAD_INPUT),
  CONTEXT_NOT_OBJECT(Kind.BAD_INPUT),
  INTEGRATIONS_NOT_OBJECT(Kind.BAD_INPUT),
  MESSAGE_ID_INVALID(Kind.BAD_INPUT),

  // Who may send
  MISSING_WRITE_KEY(Kind.UNAUTHORIZED),
  INVALID_WRITE_KEY(Kind.UNAUTHORIZED),
  SOURCE_DISABLED(Kind.UNAUTHORIZED),
  ORIGIN_NOT_ALLOWED(Kind.FORBIDDEN),

  // Where and how
  INVALID_URL(Kind.BAD_INPUT),
  MALFORMED_REQUEST(Kind.BAD_INPUT),
  NOT_FOUND(Kind.NOT_FOUND),
  METHOD_NOT_ALLOWED(Kind.METHOD_NOT_ALLOWED),

  // Come back later
  RATE_LIMITED(Kind.RATE_LIMITED),
  OVERLOADED(Kind.UNAVAILABLE),
  KAFKA_UNAVAILABLE(Kind.UNAVAILABLE),
  SHUTTING_DOWN(Kind.UNAVAILABLE),
  INTERNAL_ERROR(Kind.INTERNAL);

  /** What the client did or should do; one HTTP status each. */
  public enum Kind {
    BAD_INPUT,
    TOO_LARGE,
    UNAUTHORIZED,
    FORBIDDEN,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    UNSUPPORTED_ENCODING,
    RATE_LIMITED,
    UNAVAILABLE,
    INTERNAL
  }

  private final Kind kind;
  private final String wireName;

  ErrorCode(Kind kind) {
    this.kind = kind;
    this.wireName = name().toLowerCase(Locale.ROOT);
  }

  public Kind kind() {
    return kind;
  }

  /** The code as clients see it, e.g. {@code invalid_write_key}. */
  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
