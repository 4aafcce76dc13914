/** JMH benchmarks of the filter and transform engine ({@code dev.sluice.api.routing}). */
package dev.sluice.bench.routing;
