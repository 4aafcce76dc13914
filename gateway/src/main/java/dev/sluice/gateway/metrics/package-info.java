/** The gateway's Micrometer meters, with Prometheus names. */
package dev.sluice.gateway.metrics;
