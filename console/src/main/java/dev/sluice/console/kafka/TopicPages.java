package dev.sluice.console.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one page of a topic's newest records (blocking: call it on a worker thread). At most {@code
 * limit} records are read from each partition below the cursor, then merged newest first by
 * timestamp, taking from the end of each partition only, so every page is a suffix of what is left
 * in each partition and the cursor (the lowest offset taken per partition) loses nothing.
 */
public final class TopicPages {
  public static final int MAX_LIMIT = 100;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ConsoleKafka kafka;

  public TopicPages(ConsoleKafka kafka) {
    this.kafka = kafka;
  }

  /**
   * @param before the cursor of the previous page, or null for the newest page
   */
  public Page newest(String topic, int limit, Map<Integer, Long> before) {
    int n = Math.max(1, Math.min(limit, MAX_LIMIT));
    try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer("page")) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        return new Page(List.of(), null, 0);
      }
      List<TopicPartition> partitions =
          infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, TIMEOUT);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      long total = 0;
      Map<TopicPartition, Long> upper = new HashMap<>();
      Map<TopicPartition, Long> lower = new HashMap<>();
      for (TopicPartition tp : partitions) {
        total += end.get(tp) - begin.get(tp);
        long up = end.get(tp);
        if (before != null) {
          up = Math.min(up, before.getOrDefault(tp.partition(), up));
        }
        upper.put(tp, up);
        lower.put(tp, Math.max(begin.get(tp), up - n));
      }
      Map<Integer, Deque<ConsumerRecord<byte[], byte[]>>> read = read(consumer, lower, upper);
      List<ConsumerRecord<byte[], byte[]>> taken = mergeNewest(read, n);
      Map<Integer, Long> next = new TreeMap<>();
      boolean more = false;
      for (TopicPartition tp : partitions) {
        long from = upper.get(tp);
        for (ConsumerRecord<byte[], byte[]> record : taken) {
          if (record.partition() == tp.partition()) {
            from = Math.min(from, record.offset());
          }
        }
        next.put(tp.partition(), from);
        more |= from > begin.get(tp);
      }
      return new Page(taken, more ? next : null, total);
    }
  }

  private static Map<Integer, Deque<ConsumerRecord<byte[], byte[]>>> read(
      KafkaConsumer<byte[], byte[]> consumer,
      Map<TopicPartition, Long> lower,
      Map<TopicPartition, Long> upper) {
    Map<Integer, Deque<ConsumerRecord<byte[], byte[]>>> read = new HashMap<>();
    List<TopicPartition> wanted = new ArrayList<>();
    lower.forEach(
        (tp, from) -> {
          read.put(tp.partition(), new ArrayDeque<>());
          if (from < upper.get(tp)) {
            wanted.add(tp);
          }
        });
    if (wanted.isEmpty()) {
      return read;
    }
    consumer.assign(wanted);
    wanted.forEach(tp -> consumer.seek(tp, lower.get(tp)));
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    List<TopicPartition> open = new ArrayList<>(wanted);
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        if (record.offset() < upper.get(tp)) {
          read.get(record.partition()).addLast(record);
        }
      }
      // Gaps (aborted transactions, compaction) are fine: the position moves past them.
      open.removeIf(tp -> consumer.position(tp) >= upper.get(tp));
      if (!open.isEmpty()) {
        consumer.pause(wanted.stream().filter(tp -> !open.contains(tp)).toList());
      }
    }
    return read;
  }

  /** Takes from the newest end of each partition, the newest timestamp first. */
  static List<ConsumerRecord<byte[], byte[]>> mergeNewest(
      Map<Integer, Deque<ConsumerRecord<byte[], byte[]>>> byPartition, int limit) {
    List<ConsumerRecord<byte[], byte[]>> taken = new ArrayList<>();
    while (taken.size() < limit) {
      Deque<ConsumerRecord<byte[], byte[]>> best = null;
      for (Deque<ConsumerRecord<byte[], byte[]>> records : byPartition.values()) {
        if (!records.isEmpty()
            && (best == null || records.peekLast().timestamp() > best.peekLast().timestamp())) {
          best = records;
        }
      }
      if (best == null) {
        break;
      }
      taken.add(best.pollLast());
    }
    return taken;
  }
}
