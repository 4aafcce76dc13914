package dev.sluice.api.message;

/**
 * A whole request that cannot be ingested: the gateway answers {@link #status()} with {@code
 * {"success":false,"code":code(),"message":getMessage()}}. The message is a sentence a person
 * understands; it never contains a write key.
 */
public final class IngestException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public IngestException(int status, String code, String message) {
    // No stack trace: this is an answer to bad input, not a bug, and bad input can be frequent.
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  /** The HTTP status to answer: 400 for bad input, 413 for input over a limit. */
  public int status() {
    return status;
  }

  /** A stable, Segment-style code, e.g. {@code invalid_json}. */
  public String code() {
    return code;
  }
}
