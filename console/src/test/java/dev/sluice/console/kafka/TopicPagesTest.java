package dev.sluice.console.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class TopicPagesTest {
  @Test
  void mergesNewestFirstTakingOnlyFromTheEndOfEachPartition() {
    Map<Integer, Deque<ConsumerRecord<byte[], byte[]>>> read = new TreeMap<>();
    read.put(0, deque(record(0, 5, 100), record(0, 6, 300)));
    // Out of timestamp order inside the partition: offset 8 is older than offset 7.
    read.put(1, deque(record(1, 7, 400), record(1, 8, 200)));
    List<ConsumerRecord<byte[], byte[]>> taken = TopicPages.mergeNewest(read, 3);
    // Partition 1's offset 7 is never taken before its offset 8, so the cursor loses nothing.
    assertThat(taken)
        .extracting(r -> r.partition() + ":" + r.offset())
        .containsExactly("0:6", "1:8", "1:7");
  }

  @SafeVarargs
  private static Deque<ConsumerRecord<byte[], byte[]>> deque(
      ConsumerRecord<byte[], byte[]>... records) {
    return new ArrayDeque<>(List.of(records));
  }

  private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, long time) {
    return new ConsumerRecord<>(
        "t",
        partition,
        offset,
        time,
        TimestampType.CREATE_TIME,
        0,
        0,
        null,
        new byte[0],
        new RecordHeaders(),
        java.util.Optional.empty());
  }
}
