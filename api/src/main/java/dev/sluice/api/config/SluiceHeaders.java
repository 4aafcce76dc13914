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

  /** Where the dead-lettered message was read: its Source topic, partition and offset. */
  public static final String ORIGINAL_TOPIC = "sluice.original-topic";

  public static final String ORIGINAL_PARTITION = "sluice.original-partition";
  public static final String ORIGINAL_OFFSET = "sluice.original-offset";

  // On a replayed message (sluice replay), written back to its Source topic.

  /**
   * {@code namespace/name} of the only Destination that delivers this record; every other worker
   * reading the Source topic skips it, and this one delivers it even if its messageId was seen.
   */
  public static final String REPLAY_DESTINATION = "sluice.replay-destination";

  /** The only Connection of {@link #REPLAY_DESTINATION} that delivers it (empty: all of them). */
  public static final String REPLAY_CONNECTION = "sluice.replay-connection";

  /** The dead letter it was replayed from: {@code topic/partition/offset}. */
  public static final String REPLAYED_FROM = "sluice.replayed-from";
}
