package dev.sluice.workers.pipeline;

import dev.sluice.runtime.kafka.KafkaClients;
import dev.sluice.runtime.kafka.KafkaSender;
import dev.sluice.runtime.kafka.KafkaSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Destination's dedup window on Kafka, so that it survives a restart (decision 0112): a
 * compacted topic keyed by the window's key (Source topic and messageId), valued by when the
 * message was done. A key is written once its record is done (delivered or dead-lettered), never
 * before: a key written ahead of a delivery that then never happened would lose the message. On
 * partition assignment the consumer thread reads what was written since it last looked, and the
 * window learns it before the partitions' first records.
 *
 * <p>Writes are batched (what is done while the sender is busy goes in its next hand-off) and go
 * through a {@link KafkaSender}, so a cluster that does not answer never blocks the context. A log
 * that cannot be created or read leaves the window in memory only, as before: dedup is best effort,
 * at-least-once is not at stake.
 */
final class DedupLog {
  private static final Logger LOG = LoggerFactory.getLogger(DedupLog.class);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  /** A key the log holds, with when its message was done (epoch millis). */
  record Seen(String key, long doneMillis) {}

  private final KafkaSettings kafka;
  private final String topic;
  private final String destination;
  private final Duration window;
  private final Context context;

  /** Made on the consumer thread at the first assignment: a producer's start blocks. */
  private volatile KafkaSender sender;

  /** Keys done and not yet taken by the sender's thread. */
  private final Queue<ProducerRecord<byte[], byte[]>> pending = new ConcurrentLinkedQueue<>();

  /** A hand-off to the sender is queued and has not taken {@link #pending} yet. */
  private final AtomicBoolean handedOver = new AtomicBoolean();

  private KafkaConsumer<byte[], byte[]> reader;
  private volatile boolean usable = true;

  DedupLog(
      KafkaSettings kafka, String topic, String destination, Duration window, Context context) {
    this.kafka = kafka;
    this.topic = topic;
    this.destination = destination;
    this.window = window;
    this.context = context;
  }

  String topic() {
    return topic;
  }

  // ---- on the pipeline's context -------------------------------------------------------------

  /**
   * The key's record is done: remember it. Keys queue here; at the end of the context's turn one
   * hand-off goes to the sender, which takes every key queued by the time its thread gets to it,
   * and no second hand-off goes while one waits (decision 0082): no more hand-offs (thread
   * wake-ups) than one per turn as before, fewer under load, and no key waits longer than before.
   */
  void done(String key) {
    if (!usable || sender == null) {
      return;
    }
    byte[] at = ByteBuffer.allocate(Long.BYTES).putLong(System.currentTimeMillis()).array();
    pending.add(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), at));
    if (handedOver.compareAndSet(false, true)) {
      // At the end of this turn, so that the keys done in the same turn go in one hand-off.
      context.runOnContext(v -> sender.sendWhenReady(this::takePending, this::written));
    }
  }

  /** On the sender's thread: every key queued so far; a key queued after this hands over anew. */
  private List<ProducerRecord<byte[], byte[]>> takePending() {
    handedOver.set(false);
    List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>();
    for (ProducerRecord<byte[], byte[]> r = pending.poll(); r != null; r = pending.poll()) {
      batch.add(r);
    }
    return batch;
  }

  private void written(RecordMetadata metadata, Exception error) {
    if (error != null) {
      LOG.debug("{}: dedup entry not written: {}", destination, error.toString());
    }
  }

  Future<Void> close() {
    if (sender == null) {
      return Future.succeededFuture();
    }
    return sender.close(Duration.ofSeconds(5));
  }

  // ---- on the consumer thread ----------------------------------------------------------------

  /**
   * What was written since the last call (everything the first time), within the window. Blocks the
   * consumer thread, which is what it is for: the assigned partitions' records wait for it.
   */
  List<Seen> catchUp() {
    List<Seen> seen = new ArrayList<>();
    if (!usable) {
      return seen;
    }
    try {
      if (sender == null) {
        sender =
            KafkaSender.create(
                "dedup-" + destination, KafkaClients.dedupProducer(kafka, destination));
      }
      if (reader == null) {
        reader = open();
        if (reader == null) {
          return seen;
        }
      }
      long now = System.currentTimeMillis();
      long from = now - window.toMillis();
      Map<TopicPartition, Long> end = reader.endOffsets(reader.assignment(), READ_TIMEOUT);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!caughtUp(end)) {
        if (System.nanoTime() > deadline) {
          LOG.warn("{}: dedup log {} not read to its end in {}", destination, topic, READ_TIMEOUT);
          break;
        }
        for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(100))) {
          if (r.key() == null || r.value() == null || r.value().length != Long.BYTES) {
            continue; // a tombstone or not ours
          }
          long at = ByteBuffer.wrap(r.value()).getLong();
          if (at >= from) {
            seen.add(new Seen(new String(r.key(), StandardCharsets.UTF_8), at));
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: dedup log {} not read, the window starts empty: {}", destination, topic, e);
    }
    return seen;
  }

  private boolean caughtUp(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (reader.position(e.getKey(), READ_TIMEOUT) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Creates the topic when it may, then a reader at its beginning; null when there is none. */
  private KafkaConsumer<byte[], byte[]> open() {
    ensureTopic();
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            KafkaClients.dedupReader(kafka, destination),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<PartitionInfo> partitions = partitionsOf(consumer);
    if (partitions.isEmpty()) {
      LOG.warn("{}: no dedup log {}; the dedup window is in memory only", destination, topic);
      usable = false;
      consumer.close(Duration.ofSeconds(5));
      return null;
    }
    List<TopicPartition> all = new ArrayList<>();
    partitions.forEach(p -> all.add(new TopicPartition(topic, p.partition())));
    consumer.assign(all);
    consumer.seekToBeginning(all);
    return consumer;
  }

  /** The log's partitions; a topic created a moment ago may take a few tries to be known. */
  private List<PartitionInfo> partitionsOf(KafkaConsumer<byte[], byte[]> consumer) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, READ_TIMEOUT);
      if ((partitions != null && !partitions.isEmpty()) || System.nanoTime() > deadline) {
        return partitions == null ? List.of() : partitions;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
    }
  }

  /**
   * One partition (the whole window is read on assignment), compacted by key and deleted past the
   * window, in segments no longer than the window so that deletion can happen. Left to the operator
   * (or the cluster's administrator) where the worker may not create topics.
   */
  private void ensureTopic() {
    long keep = Math.max(window.toMillis(), Duration.ofMinutes(1).toMillis());
    NewTopic spec =
        new NewTopic(topic, Optional.of(1), Optional.empty())
            .configs(
                Map.of(
                    "cleanup.policy", "compact,delete",
                    "retention.ms", Long.toString(keep),
                    "segment.ms", Long.toString(keep)));
    try (Admin admin = Admin.create(KafkaClients.admin(kafka, "sluice-dedup-" + destination))) {
      admin.createTopics(List.of(spec)).all().get(READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      LOG.info("{}: created the dedup log {}", destination, topic);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        LOG.info("{}: dedup log {} not created here: {}", destination, topic, e.getCause());
      }
    } catch (Exception e) {
      LOG.info("{}: dedup log {} not created here: {}", destination, topic, e.toString());
    }
  }

  /** Closes the reader; on the consumer thread, when it stops. */
  void closeReader() {
    if (reader != null) {
      reader.close(Duration.ofSeconds(5));
      reader = null;
    }
  }
}
