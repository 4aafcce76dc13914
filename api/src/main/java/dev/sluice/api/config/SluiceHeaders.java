package dev.sluice.api.config;

/**
 * Header names on the Kafka records Sluice writes, in one place because the gateway writes them,
 * workers read and extend them, and users consume them. Values are UTF-8 strings; times are RFC
 * 3339 UTC.
 */
public final class SluiceHeaders {
  private SluiceHeaders() {}

  // On every logged message (the gateway).

  /** {@code namespace/name} of the Source. */
  public static final String SOURCE = "sluice.source";

  /** {@link WriteKeys#id} of the key used: a hash prefix, never the key. */
  public static final String WRITE_KEY_ID = "sluice.write-key-id";

  /** When the gateway received the request. */
  public static final String RECEIVED_AT = "sluice.received-at";

  // On rejected records (the gateway), in addition.

  /** The rejection code, e.g. {@code event_not_defined}. */
  public static final String CODE = "sluice.code";

  /** The rejection in words. */
  public static final String REASON = "sluice.reason";

  // On dead-letter records (workers), added to the original record's headers.

  public static final String DESTINATION = "sluice.destination";
  public static final String CONNECTION = "sluice.connection";
  public static final String ATTEMPTS = "sluice.attempts";

  /** The last HTTP status, or 0 when there was none (timeout, connection refused). */
  public static final String LAST_STATUS = "sluice.last-status";

  public static final String LAST_ERROR = "sluice.last-error";
  public static final String FIRST_ATTEMPT = "sluice.first-attempt";
  public static final String LAST_ATTEMPT = "sluice.last-attempt";
}
