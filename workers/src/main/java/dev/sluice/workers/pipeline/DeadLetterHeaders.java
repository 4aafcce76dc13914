package dev.sluice.workers.pipeline;

/**
 * Header names on dead-letter records, in the gateway's {@code sluice.*} style; values are UTF-8
 * strings, times RFC 3339. They are added to the original record's headers ({@code sluice.source},
 * {@code sluice.write-key-id}, {@code sluice.received-at}).
 */
public final class DeadLetterHeaders {
  private DeadLetterHeaders() {}

  public static final String DESTINATION = "sluice.destination";
  public static final String CONNECTION = "sluice.connection";
  public static final String ATTEMPTS = "sluice.attempts";

  /** The last HTTP status, or 0 when there was none (timeout, connection refused). */
  public static final String LAST_STATUS = "sluice.last-status";

  public static final String LAST_ERROR = "sluice.last-error";
  public static final String FIRST_ATTEMPT = "sluice.first-attempt";
  public static final String LAST_ATTEMPT = "sluice.last-attempt";

  /** Set by the gateway on every logged message: when it was received (ISO-8601 UTC). */
  public static final String RECEIVED_AT = "sluice.received-at";
}
