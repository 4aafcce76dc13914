package dev.sluice.gateway.kafka;

/** Header names on every record the gateway writes. */
public final class SluiceHeaders {
  private SluiceHeaders() {}

  /** {@code namespace/name} of the Source. */
  public static final String SOURCE = "sluice.source";

  /** {@code WriteKeys.id} of the key used: a hash prefix, never the key. */
  public static final String WRITE_KEY_ID = "sluice.write-key-id";

  /** When the gateway received the request, ISO-8601 UTC. */
  public static final String RECEIVED_AT = "sluice.received-at";

  /** On rejected records: the rejection code, e.g. {@code event_not_defined}. */
  public static final String CODE = "sluice.code";

  /** On rejected records: the human explanation. */
  public static final String REASON = "sluice.reason";
}
