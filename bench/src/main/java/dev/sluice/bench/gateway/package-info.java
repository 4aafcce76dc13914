/**
 * Load generator for the gateway: HTTP keep-alive clients driving {@code /v1/batch} and {@code
 * /v1/track} against a gateway process on an in-process broker, with a raw Kafka producer as the
 * ceiling measured in the same run. Run by hand; see bench/RESULTS.md.
 */
package dev.sluice.bench.gateway;
