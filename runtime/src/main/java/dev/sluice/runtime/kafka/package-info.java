/** Kafka client settings shared by the gateway and the workers: defaults, overrides, sending. */
package dev.sluice.runtime.kafka;
