package dev.sluice.runtime.deadletter;

/** A dead-letter topic cannot be read or replayed; the message says why in a user's words. */
public final class DeadLetterException extends RuntimeException {
  public DeadLetterException(String message) {
    super(message);
  }

  public DeadLetterException(String message, Throwable cause) {
    super(message, cause);
  }
}
