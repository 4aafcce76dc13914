/**
 * The Sluice gateway: Segment's HTTP tracking API, logging every accepted message durably in Kafka
 * before it answers. {@link dev.sluice.gateway.Gateway} embeds it; {@link
 * dev.sluice.gateway.GatewayMain} runs it as a container.
 */
package dev.sluice.gateway;
