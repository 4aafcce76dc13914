/**
 * The durable log: one idempotent producer with acks=all, bounded in-flight work, sends that never
 * run on an event loop, and a reachability probe for readiness.
 */
package dev.sluice.gateway.kafka;
