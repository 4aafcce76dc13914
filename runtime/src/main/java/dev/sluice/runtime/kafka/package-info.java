/**
 * Kafka clients shared by the gateway and the workers: every client's defaults ({@link
 * dev.sluice.runtime.kafka.KafkaClients}), the cluster's settings with credentials hidden ({@link
 * dev.sluice.runtime.kafka.KafkaSettings}), and sends for code on an event loop ({@link
 * dev.sluice.runtime.kafka.KafkaSender} hands each record to a thread of its own, so the parts of
 * {@code producer.send} that can block never stall a Vert.x context).
 */
package dev.sluice.runtime.kafka;
