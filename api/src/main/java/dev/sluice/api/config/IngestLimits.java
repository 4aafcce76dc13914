package dev.sluice.api.config;

/**
 * Limits the gateway enforces for one Source.
 *
 * @param eventsPerSecond token-bucket rate; 0 means unlimited
 */
public record IngestLimits(
    int eventsPerSecond, int maxMessageBytes, int maxBatchBytes, int maxBatchMessages) {}
