/**
 * Load generators for the workers: throughput to a loopback sink (single and batched webhook) and
 * end-to-end latency from receivedAt at a steady rate, each against a plain consume-and-POST loop
 * built from the same Kafka and HTTP clients in the same run.
 */
package dev.sluice.bench.workers;
