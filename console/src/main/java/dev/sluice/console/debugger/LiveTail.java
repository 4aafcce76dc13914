package dev.sluice.console.debugger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.SluiceHeaders;
import dev.sluice.console.kafka.ConsoleKafka;
import dev.sluice.console.kafka.RecordJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open debugger: a thread with its own consumer over a Source's topic and its rejected topic,
 * starting a few records before the end, handing each matching record to {@code sink} as a batch
 * per poll. At most {@link #MAX_PER_POLL} records a poll are handed over (about 100 a second); the
 * rest are counted as skipped, since a person cannot read faster and the browser must not fall
 * behind. {@link #stop} ends the thread and closes the consumer.
 */
final class LiveTail implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveTail.class);
  static final int MAX_PER_POLL = 50;

  /** What one poll produced: the entries to show, and how many matching ones were skipped. */
  record Batch(List<ObjectNode> entries, long skipped) {}

  private final ConsoleKafka kafka;
  private final String topic;
  private final String rejectedTopic;
  private final DebuggerFilter filter;
  private final int recent;
  private final Consumer<Batch> sink;
  private final Runnable ready;
  private final Consumer<String> failed;
  private volatile boolean stopped;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  LiveTail(
      ConsoleKafka kafka,
      String topic,
      String rejectedTopic,
      DebuggerFilter filter,
      int recent,
      Consumer<Batch> sink,
      Runnable ready,
      Consumer<String> failed) {
    this.kafka = kafka;
    this.topic = topic;
    this.rejectedTopic = rejectedTopic;
    this.filter = filter;
    this.recent = recent;
    this.sink = sink;
    this.ready = ready;
    this.failed = failed;
  }

  @Override
  public void run() {
    try (KafkaConsumer<byte[], byte[]> c = kafka.consumer("debugger")) {
      consumer = c;
      if (stopped) {
        return;
      }
      List<TopicPartition> partitions = new ArrayList<>();
      partitions.addAll(partitions(c, topic));
      partitions.addAll(partitions(c, rejectedTopic));
      if (partitions.isEmpty()) {
        failed.accept("the topic " + topic + " does not exist (yet): is the Source applied?");
        return;
      }
      c.assign(partitions);
      Map<TopicPartition, Long> begin = c.beginningOffsets(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      long perPartition =
          partitions.isEmpty() ? 0 : (recent + partitions.size() - 1) / partitions.size();
      for (TopicPartition tp : partitions) {
        c.seek(tp, Math.max(begin.get(tp), end.get(tp) - perPartition));
      }
      partitions.forEach(c::position); // resolved now: whatever is sent after "ready" is shown
      ready.run();
      while (!stopped) {
        List<ObjectNode> entries = new ArrayList<>();
        long skipped = 0;
        for (ConsumerRecord<byte[], byte[]> record : c.poll(Duration.ofMillis(500))) {
          ObjectNode message = RecordJson.parse(record.value());
          if (!filter.test(message)) {
            continue;
          }
          if (entries.size() >= MAX_PER_POLL) {
            skipped++;
            continue;
          }
          entries.add(entry(record, message));
        }
        if (!entries.isEmpty() || skipped > 0) {
          sink.accept(new Batch(entries, skipped));
        }
      }
    } catch (WakeupException e) {
      // stop() while polling.
    } catch (RuntimeException e) {
      if (!stopped) {
        LOG.warn("debugger of {} stopped: {}", topic, e.getMessage());
        failed.accept("reading " + topic + " failed: " + e.getMessage());
      }
    } finally {
      consumer = null;
    }
  }

  private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c, String topic) {
    List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
    return infos == null
        ? List.of()
        : infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  private ObjectNode entry(ConsumerRecord<byte[], byte[]> record, ObjectNode message) {
    ObjectNode entry = RecordJson.of(record);
    boolean rejected = record.topic().equals(rejectedTopic);
    entry.put("kind", rejected ? "rejected" : "accepted");
    if (rejected) {
      entry.put("code", RecordJson.header(record, SluiceHeaders.CODE));
      entry.put("reason", RecordJson.header(record, SluiceHeaders.REASON));
    }
    return entry;
  }

  void stop() {
    stopped = true;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }
}
