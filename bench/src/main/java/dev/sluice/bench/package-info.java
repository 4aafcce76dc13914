/**
 * Benchmarks: JMH for hot code, bounded load generators for whole paths. Each records its figures
 * in bench/RESULTS.md with the command that produced them and a baseline from the same run.
 */
package dev.sluice.bench;
