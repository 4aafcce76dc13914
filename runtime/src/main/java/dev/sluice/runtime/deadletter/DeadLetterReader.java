package dev.sluice.runtime.deadletter;

import dev.sluice.runtime.kafka.KafkaClients;
import dev.sluice.runtime.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Pages through one dead-letter topic. It assigns partitions itself (no consumer group, no
 * commits), so reading never moves anything a worker depends on. Each call blocks on Kafka (up to
 * the timeout): call it from a worker thread, never an event loop. Not thread-safe (one Kafka
 * consumer); one reader per caller.
 */
public final class DeadLetterReader implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final Duration timeout;

  /**
   * @param timeout how long one call may wait for Kafka
   */
  public DeadLetterReader(KafkaSettings kafka, String topic, Duration timeout) {
    this.consumer =
        new KafkaConsumer<>(
            KafkaClients.reader(kafka, "sluice-dlq-reader"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    this.topic = topic;
    this.timeout = timeout;
  }

  public String topic() {
    return topic;
  }

  /** The first and the next offset of each partition now; their difference is what it holds. */
  public record PartitionRange(int partition, long beginning, long end) {
    public long size() {
      return end - beginning;
    }
  }

  /**
   * @throws DeadLetterException when the topic does not exist or Kafka does not answer in time
   */
  public List<PartitionRange> partitions() {
    List<TopicPartition> tps = topicPartitions();
    try {
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(tps, timeout);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps, timeout);
      return tps.stream()
          .map(tp -> new PartitionRange(tp.partition(), begin.get(tp), end.get(tp)))
          .toList();
    } catch (TimeoutException e) {
      throw unanswered(e);
    }
  }

  /** How many dead letters the topic holds now. */
  public long count() {
    return partitions().stream().mapToLong(PartitionRange::size).sum();
  }

  /** The first dead letters, {@link #read(Cursor, int)} from {@link Cursor#START}. */
  public DeadLetterPage read(int max) {
    return read(Cursor.START, max);
  }

  /**
   * Up to {@code max} dead letters from {@code from}, partition by partition, up to what the topic
   * held when the call started (letters written meanwhile come in a later page).
   */
  public DeadLetterPage read(Cursor from, int max) {
    List<PartitionRange> ranges = partitions();
    Map<Integer, Long> next = new TreeMap<>(from.next());
    List<DeadLetter> letters = new ArrayList<>();
    boolean end = true;
    for (PartitionRange range : ranges) {
      long start = Math.max(from.next(range.partition()), range.beginning());
      next.put(range.partition(), Math.max(start, from.next(range.partition())));
      if (start >= range.end()) {
        continue;
      }
      if (letters.size() >= max) {
        end = false;
        continue;
      }
      long reached = readPartition(range, start, max - letters.size(), letters);
      next.put(range.partition(), reached);
      if (reached < range.end()) {
        end = false;
      }
    }
    return new DeadLetterPage(letters, new Cursor(next), end);
  }

  /** One dead letter by its position, if the topic still holds it. */
  public Optional<DeadLetter> find(Position position) {
    PartitionRange range =
        partitions().stream()
            .filter(r -> r.partition() == position.partition())
            .findFirst()
            .orElse(null);
    if (range == null
        || position.offset() < range.beginning()
        || position.offset() >= range.end()) {
      return Optional.empty();
    }
    List<DeadLetter> found = new ArrayList<>(1);
    readPartition(range, position.offset(), 1, found);
    return found.stream().filter(d -> d.offset() == position.offset()).findFirst();
  }

  /** Reads from {@code start} until {@code max} letters or the range's end; the next offset. */
  private long readPartition(PartitionRange range, long start, int max, List<DeadLetter> into) {
    TopicPartition tp = new TopicPartition(topic, range.partition());
    consumer.assign(List.of(tp));
    consumer.seek(tp, start);
    long next = start;
    long deadline = System.nanoTime() + timeout.toNanos();
    int added = 0;
    while (added < max && next < range.end()) {
      if (System.nanoTime() - deadline > 0) {
        throw new DeadLetterException(
            "Kafka did not return " + topic + " partition " + range.partition() + " in " + timeout);
      }
      boolean stoppedEarly = false;
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        if (record.offset() >= range.end()) {
          break;
        }
        if (added >= max) {
          stoppedEarly = true;
          break;
        }
        into.add(DeadLetter.of(record));
        added++;
        next = record.offset() + 1;
      }
      if (!stoppedEarly) {
        // Offsets without a record (transaction markers, compaction) move the position too.
        next = Math.max(next, Math.min(consumer.position(tp, timeout), range.end()));
      }
    }
    return next;
  }

  private List<TopicPartition> topicPartitions() {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic, timeout);
    } catch (TimeoutException e) {
      throw unanswered(e);
    }
    if (infos == null || infos.isEmpty()) {
      throw new DeadLetterException(
          "dead-letter topic " + topic + " does not exist (is the Destination defined?)");
    }
    return infos.stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .sorted(Comparator.comparingInt(TopicPartition::partition))
        .toList();
  }

  private DeadLetterException unanswered(TimeoutException e) {
    return new DeadLetterException("Kafka did not answer about " + topic + " in " + timeout, e);
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
