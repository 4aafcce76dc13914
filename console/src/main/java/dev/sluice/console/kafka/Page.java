package dev.sluice.console.kafka;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A page of a topic's records, newest first.
 *
 * @param next where the next (older) page starts, by partition; null when this is the last page
 * @param total records the topic holds (end minus beginning offsets)
 */
public record Page(
    List<ConsumerRecord<byte[], byte[]>> records, Map<Integer, Long> next, long total) {}
