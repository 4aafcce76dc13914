/**
 * One Destination's pipeline: the Kafka consumer loop (on its own thread), offset tracking that
 * commits only what is done, per-key ordering, batching, concurrency and rate limits, retries and
 * dead letters. All state but the consumer lives on the pipeline's own Vert.x context.
 */
package dev.sluice.workers.pipeline;
