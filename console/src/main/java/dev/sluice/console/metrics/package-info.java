/**
 * The last hour of the pipelines' meters: a sampler reads the process's Micrometer registry once a
 * second and keeps, per series, 120 one-second and 60 one-minute buckets (fixed arrays, so memory
 * does not grow with time), from which the views draw sparklines, hourly counts and percentiles.
 */
package dev.sluice.console.metrics;
