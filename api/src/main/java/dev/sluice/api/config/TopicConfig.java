package dev.sluice.api.config;

/**
 * A Kafka topic the data plane needs.
 *
 * @param retentionMs -1 keeps the broker's default
 */
public record TopicConfig(String name, int partitions, short replicationFactor, long retentionMs) {}
