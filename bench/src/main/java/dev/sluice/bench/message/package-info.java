/** JMH benchmarks of the message model: parse, validate and enrich, against plain Jackson. */
package dev.sluice.bench.message;
