/**
 * Kafka sends for code on an event loop: {@link dev.sluice.runtime.kafka.KafkaSender} hands each
 * record to a thread of its own, so the parts of {@code producer.send} that can block (waiting for
 * a topic's metadata, or for buffer memory) never stall a Vert.x context.
 */
package dev.sluice.runtime.kafka;
