package dev.sluice.api.message;

/**
 * A whole request whose content cannot be ingested (the body, not the transport: HTTP statuses are
 * the gateway's business). The message is a sentence a person understands; it never contains a
 * write key.
 */
public final class IngestException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public IngestException(ErrorCode code, String message) {
    // No stack trace: this is an answer to bad input, not a bug, and bad input can be frequent.
    super(message, null, false, false);
    this.code = code;
  }

  /** A stable, Segment-style code, e.g. {@code invalid_json}. */
  public ErrorCode code() {
    return code;
  }
}
