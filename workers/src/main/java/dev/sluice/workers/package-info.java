/**
 * Workers: one pipeline per Destination. Each consumes its Sources' topics in its own consumer
 * group, routes every message through each Connection's filter and transforms, and hands it to the
 * Destination's connector with retries, rate limits and dead letters. {@link
 * dev.sluice.workers.Workers} is the embedding API; {@link dev.sluice.workers.WorkerMain} the
 * container entry point.
 */
package dev.sluice.workers;
