package dev.sluice.api.config;

/**
 * Limits the gateway enforces for one Source.
 *
 * @param eventsPerSecond token-bucket rate; 0 means unlimited
 */
public record IngestLimits(
    int eventsPerSecond, int maxMessageBytes, int maxBatchBytes, int maxBatchMessages) {

  /** Segment's limits: 32 KB a message, 500 KB a request, 2,500 messages a batch. */
  public static final IngestLimits SEGMENT_DEFAULTS =
      new IngestLimits(0, 32 * 1024, 500 * 1024, 2500);
}
