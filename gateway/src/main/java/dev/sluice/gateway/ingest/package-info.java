/**
 * The tracking API's operations: one message, a batch, the pixel and analytics.js telemetry. Each
 * handler is small; the steps they share (read, authenticate, validate, log to Kafka, answer) live
 * in {@link dev.sluice.gateway.ingest.IngestPipeline}.
 */
package dev.sluice.gateway.ingest;
