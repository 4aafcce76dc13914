/**
 * One Destination's pipeline: {@link dev.sluice.workers.pipeline.Pipeline} (lifecycle and
 * configuration updates) and its parts. The {@link dev.sluice.workers.pipeline.ConsumerLoop} runs
 * the Kafka consumer on its own thread; the {@link dev.sluice.workers.pipeline.Intake} parses and
 * routes there, then tracks offsets ({@link dev.sluice.workers.pipeline.OffsetTracker}) and drops
 * duplicates on the pipeline's context. A {@link dev.sluice.workers.pipeline.Dispatch} feeds the
 * connector: per-key lanes, the {@link dev.sluice.workers.pipeline.Batcher} and the {@link
 * dev.sluice.workers.pipeline.Dispatcher} (concurrency, rate limit), or straight through for a
 * connector that keeps order itself. The {@link dev.sluice.workers.pipeline.Settlement} decides
 * what becomes of each attempt: delivered, retried, dead-lettered, or abandoned during a drain
 * ({@link dev.sluice.workers.pipeline.Draining}). All state but the consumer lives on the
 * pipeline's own Vert.x context.
 */
package dev.sluice.workers.pipeline;
