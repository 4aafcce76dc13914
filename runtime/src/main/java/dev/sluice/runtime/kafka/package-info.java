/**
 * Kafka clients shared by the gateway and the workers: settings and defaults ({@link
 * dev.sluice.runtime.kafka.KafkaClients}), and {@link dev.sluice.runtime.kafka.KafkaSender}, which
 * hands each record to a thread of its own so that the parts of {@code producer.send} that can
 * block (waiting for a topic's metadata, or for buffer memory) never stall a Vert.x context.
 */
package dev.sluice.runtime.kafka;
