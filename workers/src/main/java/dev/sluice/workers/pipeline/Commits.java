package dev.sluice.workers.pipeline;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer loop's commits: asynchronous as soon as anything became done, one in flight at a
 * time (decision 0110); synchronous on revocation and shutdown; each only for partitions whose
 * position or done offsets changed since the last commit. Used on the consumer thread only.
 */
final class Commits {
  private static final Logger LOG = LoggerFactory.getLogger(Commits.class);

  private final String name;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final ConsumerLoop.Handler handler;
  private final Duration minInterval;
  private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
  private long lastNanos = System.nanoTime();
  private boolean asked;
  private boolean inFlight;

  /** The last asynchronous commit failed: the next ask wants the positions even if unchanged. */
  private boolean failed;

  /**
   * @param minInterval the least time between two commits
   */
  Commits(
      String name,
      KafkaConsumer<byte[], byte[]> consumer,
      ConsumerLoop.Handler handler,
      Duration minInterval) {
    this.name = name;
    this.consumer = consumer;
    this.handler = handler;
    this.minInterval = minInterval;
  }

  /**
   * Between two polls: sends the pipeline's answer if one came, and asks again when no commit is in
   * flight. What a crash redelivers is then what was on the wire plus about one commit round trip
   * of throughput. The pipeline answers on its context; the loop polls on meanwhile.
   */
  void maybeCommit() {
    Map<TopicPartition, OffsetAndMetadata> ready = handler.takeCommittable();
    if (ready != null) {
      asked = false;
      if (!ready.isEmpty()) {
        commitAsync(ready);
      }
    }
    askForCommittable();
  }

  private void askForCommittable() {
    if (!asked && !inFlight && System.nanoTime() - lastNanos >= minInterval.toNanos()) {
      lastNanos = System.nanoTime();
      asked = true;
      handler.requestCommittable(failed);
      failed = false;
    }
  }

  private void commitAsync(Map<TopicPartition, OffsetAndMetadata> ready) {
    Map<TopicPartition, OffsetAndMetadata> offsets = changed(ready, consumer.assignment());
    if (offsets.isEmpty()) {
      return;
    }
    inFlight = true;
    consumer.commitAsync(
        offsets,
        (done, error) -> {
          inFlight = false;
          if (error == null) {
            committed.putAll(done);
          } else {
            failed = true;
            LOG.debug("{}: commit failed, next one retries: {}", name, error.toString());
          }
          // Runs inside poll: ask now, so that the answer is there when poll returns.
          askForCommittable();
        });
  }

  /** The offsets of these partitions that differ from what was last committed. */
  private Map<TopicPartition, OffsetAndMetadata> changed(
      Map<TopicPartition, OffsetAndMetadata> all, Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    all.forEach(
        (tp, offset) -> {
          if (partitions.contains(tp) && !offset.equals(committed.get(tp))) {
            offsets.put(tp, offset);
          }
        });
    return offsets;
  }

  /** A synchronous commit of what is done (on revocation and shutdown). */
  void commitNow(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = changed(handler.committable(), partitions);
    if (offsets.isEmpty()) {
      return;
    }
    consumer.commitSync(offsets, Duration.ofSeconds(10));
    committed.putAll(offsets);
  }

  /** What the group already has for these partitions (found on assignment, or just pinned). */
  void known(Map<TopicPartition, OffsetAndMetadata> offsets) {
    committed.putAll(offsets);
  }

  /** The partitions went to another consumer. */
  void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(committed::remove);
  }
}
