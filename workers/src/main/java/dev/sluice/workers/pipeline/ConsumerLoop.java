package dev.sluice.workers.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's Kafka consumer on a thread of its own (a KafkaConsumer is single-threaded and
 * {@code poll} blocks, so it never runs on an event loop). It hands records to the pipeline,
 * commits what the pipeline reports done, pauses when too much is in flight, and on a rebalance
 * lets in-flight work of revoked partitions finish before committing them.
 */
final class ConsumerLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);

  /**
   * Short on purpose: the KIP-848 consumer's poll often waits out its whole timeout although
   * records arrived meanwhile, so the timeout bounds the added latency (100 ms gave a p99 of ~120
   * ms at 5,000 events/s; 10 ms gave ~13-50 ms). See decision 0054.
   */
  private static final Duration POLL = Duration.ofMillis(10);

  private static final long IDLE_MILLIS = 100;

  private static final long LAG_NANOS = Duration.ofMillis(100).toNanos();

  /** What the loop needs from its pipeline; called on the loop's thread. */
  interface Handler {
    void accept(ConsumerRecords<byte[], byte[]> records);

    boolean wantsPause();

    /** Where to start reading a topic the group has no committed offset for. */
    String startFor(String topic);

    /** Blocks until the partitions' in-flight records are done, or the timeout passes. */
    void awaitDrained(Collection<TopicPartition> partitions, Duration timeout);

    /** The partitions' state can go: another consumer owns them now. */
    void forget(Collection<TopicPartition> partitions);

    /**
     * Partitions were assigned: called before their records are read, so state they need (the dedup
     * window's past) can be loaded first.
     */
    void assigned(Collection<TopicPartition> partitions);

    /** The loop is stopping: release what the consumer thread held. */
    void stopped();

    /** The partition's committed position when it was assigned (its metadata included). */
    void resume(TopicPartition partition, OffsetAndMetadata committed);

    /**
     * What to commit: the next offset per partition, the offsets done above it as metadata. Waits
     * for the pipeline (for the last commits on revocation and shutdown).
     */
    Map<TopicPartition, OffsetAndMetadata> committable();

    /** Asks, without waiting, for what to commit if anything became done since the last ask. */
    void requestCommittable();

    /**
     * The answer to {@link #requestCommittable}, once: null while it is not there yet, empty when
     * nothing changed.
     */
    Map<TopicPartition, OffsetAndMetadata> takeCommittable();

    void lag(long lag);
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Handler handler;
  private final String name;
  private final Duration commitInterval;
  private final Duration drainTimeout;
  private final AtomicReference<Set<String>> topics;
  private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
  private volatile boolean topicsChanged = true;
  private volatile boolean running = true;
  private volatile boolean commitOnExit = true;
  private volatile boolean assigned;
  private volatile String lastError;
  private final Thread thread;
  private long lastCommitNanos = System.nanoTime();
  private long lastLagNanos = System.nanoTime();
  private boolean asked;
  private boolean commitInFlight;
  private boolean paused;

  ConsumerLoop(
      String name,
      KafkaConsumer<byte[], byte[]> consumer,
      Set<String> topics,
      Handler handler,
      Duration commitInterval,
      Duration drainTimeout) {
    this.name = name;
    this.consumer = consumer;
    this.handler = handler;
    this.topics = new AtomicReference<>(Set.copyOf(topics));
    this.commitInterval = commitInterval;
    this.drainTimeout = drainTimeout;
    this.thread = new Thread(this, "sluice-consumer-" + name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void subscribe(Set<String> newTopics) {
    if (!newTopics.equals(topics.get())) {
      topics.set(Set.copyOf(newTopics));
      topicsChanged = true;
    }
  }

  /** Ready once it owns partitions (or has nothing to read). */
  String problem() {
    if (!thread.isAlive() && running) {
      return "consumer stopped: " + lastError;
    }
    if (!assigned && !topics.get().isEmpty()) {
      return "consumer of "
          + topics.get()
          + " has no partitions assigned yet"
          + (lastError == null ? "" : " (last error: " + lastError + ")");
    }
    return null;
  }

  /** Stops polling; commits what is done unless {@code commit} is false (a simulated crash). */
  void stop(boolean commit) {
    commitOnExit = commit;
    running = false;
    consumer.wakeup();
  }

  void join(Duration timeout) throws InterruptedException {
    thread.join(timeout.toMillis());
  }

  @Override
  public void run() {
    try {
      while (running) {
        try {
          step();
        } catch (WakeupException e) {
          // stop() was called; the loop condition ends it
        } catch (RuntimeException e) {
          lastError = e.toString();
          LOG.warn("{}: consumer error, retrying in 1s: {}", name, e.toString());
          sleepQuietly(1000);
        }
      }
      if (commitOnExit) {
        handler.awaitDrained(consumer.assignment(), drainTimeout);
        commitNow(consumer.assignment());
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: could not finish cleanly: {}", name, e.toString());
    } finally {
      try {
        if (!commitOnExit) {
          // A crash: leave the group without the revocation callback committing anything.
          consumer.unsubscribe();
        }
      } catch (RuntimeException e) {
        LOG.debug("{}: unsubscribe on abort failed: {}", name, e.toString());
      } finally {
        handler.stopped();
        // A static member does not leave the group on close by default (it expects to come back):
        // a graceful stop leaves, so a rolling restart's new pod gets the partitions at once.
        consumer.close(
            CloseOptions.groupMembershipOperation(
                    commitOnExit
                        ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                        : CloseOptions.GroupMembershipOperation.DEFAULT)
                .withTimeout(Duration.ofSeconds(5)));
      }
    }
  }

  private void step() {
    if (topicsChanged) {
      topicsChanged = false;
      Set<String> wanted = topics.get();
      if (wanted.isEmpty()) {
        consumer.unsubscribe();
        assigned = false;
      } else {
        consumer.subscribe(wanted, new Rebalance());
      }
    }
    if (!topics.get().isEmpty()) {
      boolean pause = handler.wantsPause();
      if (pause) {
        consumer.pause(consumer.assignment());
        paused = true;
      } else if (paused) {
        consumer.resume(consumer.paused());
        paused = false;
      }
      ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
      assigned = !consumer.assignment().isEmpty();
      lastError = null;
      if (!records.isEmpty()) {
        handler.accept(records);
      }
    } else {
      sleepQuietly(IDLE_MILLIS);
    }
    maybeCommit();
    if (System.nanoTime() - lastLagNanos >= LAG_NANOS) {
      lastLagNanos = System.nanoTime();
      updateLag();
    }
  }

  /**
   * Commits as soon as anything became done, one asynchronous commit at a time and at most one per
   * {@code commitInterval}: what a crash redelivers is then what was on the wire plus about one
   * commit round trip of throughput (decision 0110). The pipeline answers the ask on its context;
   * the loop polls on meanwhile.
   */
  private void maybeCommit() {
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
    if (!asked
        && !commitInFlight
        && System.nanoTime() - lastCommitNanos >= commitInterval.toNanos()) {
      lastCommitNanos = System.nanoTime();
      asked = true;
      handler.requestCommittable();
    }
  }

  private void commitAsync(Map<TopicPartition, OffsetAndMetadata> ready) {
    Map<TopicPartition, OffsetAndMetadata> offsets = changed(ready, consumer.assignment());
    if (offsets.isEmpty()) {
      return;
    }
    commitInFlight = true;
    consumer.commitAsync(
        offsets,
        (done, error) -> {
          commitInFlight = false;
          if (error == null) {
            committed.putAll(done);
          } else {
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
  private void commitNow(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = changed(handler.committable(), partitions);
    if (offsets.isEmpty()) {
      return;
    }
    consumer.commitSync(offsets, Duration.ofSeconds(10));
    committed.putAll(offsets);
  }

  private void updateLag() {
    long lag = 0;
    for (TopicPartition tp : consumer.assignment()) {
      lag += consumer.currentLag(tp).orElse(0);
    }
    handler.lag(lag);
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      if (running || commitOnExit) {
        handler.awaitDrained(partitions, drainTimeout);
        try {
          commitNow(partitions);
        } catch (RuntimeException e) {
          LOG.warn("{}: commit on revocation failed: {}", name, e.toString());
        }
      }
      partitions.forEach(committed::remove);
      handler.forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      partitions.forEach(committed::remove);
      handler.forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      if (paused) {
        consumer.pause(partitions);
      }
      handler.assigned(partitions);
      Map<TopicPartition, OffsetAndMetadata> existing =
          consumer.committed(new HashSet<>(partitions), Duration.ofSeconds(30));
      Map<TopicPartition, OffsetAndMetadata> starts = new HashMap<>();
      for (TopicPartition tp : partitions) {
        if (existing.get(tp) != null) {
          committed.put(tp, existing.get(tp));
          handler.resume(tp, existing.get(tp));
          continue;
        }
        seekToStart(tp, handler.startFor(tp.topic()));
        starts.put(tp, new OffsetAndMetadata(consumer.position(tp, Duration.ofSeconds(30))));
      }
      if (!starts.isEmpty()) {
        // Pin the start now: a crash before the first delivery must not move it to a later
        // "latest".
        consumer.commitSync(starts, Duration.ofSeconds(30));
        committed.putAll(starts);
        LOG.info("{}: new partitions start at {}", name, starts);
      }
    }

    private void seekToStart(TopicPartition tp, String start) {
      if (start == null || start.equals("latest")) {
        consumer.seekToEnd(List.of(tp));
      } else if (start.equals("earliest")) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        long millis = startTime(start).toEpochMilli();
        Map<TopicPartition, OffsetAndTimestamp> found =
            consumer.offsetsForTimes(Map.of(tp, millis), Duration.ofSeconds(30));
        OffsetAndTimestamp at = found.get(tp);
        if (at == null) {
          consumer.seekToEnd(List.of(tp));
        } else {
          consumer.seek(tp, at.offset());
        }
      }
    }
  }

  static Instant startTime(String start) {
    return OffsetDateTime.parse(start).toInstant();
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
