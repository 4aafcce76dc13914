/** Per-Source rate limits: a token bucket for each Source, kept across configuration reloads. */
package dev.sluice.gateway.limits;
