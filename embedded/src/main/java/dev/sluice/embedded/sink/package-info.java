/**
 * A recording HTTP sink on loopback: it stands in for a webhook receiver in tests, benchmarks and
 * the CLI's quickstart, records every request and can be told to fail, stall or go away.
 */
package dev.sluice.embedded.sink;
