package dev.sluice.workers.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed: per partition, the records read in order, each done when every
 * Connection has delivered, filtered or dead-lettered it. The committable offset is the first one
 * not yet done, so a crash redelivers whatever was still in flight and never skips a message. A
 * part <em>abandoned</em> during a drain (decision 0055) never becomes done, so the offset stops
 * before it. The records done above that offset travel in the commit's metadata ({@link
 * #positions()}, {@link DoneOffsets}); after a restart {@link #resume} reads them back and {@link
 * #doneBefore} tells which records to skip (decision 0058). Mutated on the pipeline's context;
 * {@link #committable()} is read by the consumer thread.
 */
final class OffsetTracker {
  /** A consumed record that is done once {@code pending} reaches zero. */
  static final class Entry {
    final TopicPartition partition;
    final long offset;
    int pending;
    int abandoned;

    /** The dedup window's key, to write into the dedup log once done; null when not wanted. */
    String dedupKey;

    boolean done;
    boolean forgotten;

    Entry(TopicPartition partition, long offset) {
      this.partition = partition;
      this.offset = offset;
    }
  }

  /** Where a partition's commit stands: the next offset, and what is done above it. */
  record Position(long offset, String metadata) {}

  /** A partition's records in flight, in offset order. */
  private static final class Records extends ArrayDeque<Entry> {
    /**
     * The highest offset done so far: {@link #positions()} stops there instead of walking every
     * record in flight (up to {@code maxInFlightRecords}) at each commit (decision 0082).
     */
    long highestDone = -1;
  }

  private final Map<TopicPartition, Records> inFlight = new HashMap<>();
  private final Map<TopicPartition, ArrayDeque<DoneOffsets.Range>> resumed = new HashMap<>();
  private final Map<TopicPartition, Long> committable = new ConcurrentHashMap<>();
  private int size;

  /** Told each dedup key whose record became done (the dedup log, decision 0112). */
  private Consumer<String> doneKeys = key -> {};

  /** Something became done (or a partition resumed) since {@link #takeChanged} last looked. */
  private boolean changed;

  Entry add(TopicPartition partition, long offset) {
    Entry entry = new Entry(partition, offset);
    inFlight.computeIfAbsent(partition, p -> new Records()).add(entry);
    size++;
    return entry;
  }

  void onDoneKeys(Consumer<String> listener) {
    this.doneKeys = listener;
  }

  /** Marks one part of the entry done; when all are, the partition's offset may advance. */
  void partDone(Entry entry) {
    if (entry.done) {
      return;
    }
    if (--entry.pending > 0) {
      return;
    }
    entry.done = true;
    changed = true;
    if (entry.dedupKey != null) {
      doneKeys.accept(entry.dedupKey);
    }
    Records queue = inFlight.get(entry.partition);
    if (queue == null) {
      return; // the partition was revoked meanwhile: its new owner redelivers it
    }
    queue.highestDone = Math.max(queue.highestDone, entry.offset);
    Long next = null;
    while (!queue.isEmpty() && queue.peek().done) {
      next = queue.poll().offset + 1;
      size--;
    }
    if (next != null) {
      committable.put(entry.partition, next);
    }
  }

  /**
   * One part of the entry gets no further attempt (a drain): the entry stays not done, so the
   * offset is not committed past it, but it no longer holds up {@link #drained}.
   */
  void abandon(Entry entry) {
    if (!entry.done) {
      entry.abandoned++;
    }
  }

  /**
   * A partition was (re)assigned with this committed offset and metadata: the records the previous
   * owner had done above it are not delivered again.
   */
  void resume(TopicPartition partition, long committed, String metadata) {
    List<DoneOffsets.Range> ranges = DoneOffsets.decode(committed, metadata);
    if (ranges.isEmpty()) {
      resumed.remove(partition);
    } else {
      resumed.put(partition, new ArrayDeque<>(ranges));
    }
  }

  /** True when the previous owner had already done this record; records come in offset order. */
  boolean doneBefore(TopicPartition partition, long offset) {
    ArrayDeque<DoneOffsets.Range> ranges = resumed.get(partition);
    if (ranges == null) {
      return false;
    }
    while (!ranges.isEmpty() && ranges.peek().last() < offset) {
      ranges.poll();
    }
    if (ranges.isEmpty()) {
      resumed.remove(partition);
      return false;
    }
    return ranges.peek().first() <= offset;
  }

  /**
   * What to commit per partition: the first offset not done, and in the metadata the offsets done
   * above it, those read here and those a previous owner had done that are not read yet.
   */
  Map<TopicPartition, Position> positions() {
    Set<TopicPartition> partitions = new HashSet<>(inFlight.keySet());
    partitions.addAll(committable.keySet());
    Map<TopicPartition, Position> out = new HashMap<>();
    for (TopicPartition p : partitions) {
      Records queue = inFlight.get(p);
      Long base = queue != null && !queue.isEmpty() ? queue.peek().offset : committable.get(p);
      if (base == null) {
        continue;
      }
      List<DoneOffsets.Range> ranges = new ArrayList<>();
      long lastRead = base - 1;
      if (queue != null && !queue.isEmpty()) {
        long first = -1;
        long last = -1;
        for (Entry e : queue) {
          if (e.offset > queue.highestDone) {
            break; // nothing above it is done
          }
          if (e.done) {
            first = first < 0 ? e.offset : first;
            last = e.offset;
          } else if (first >= 0) {
            ranges.add(new DoneOffsets.Range(first, last));
            first = -1;
          }
        }
        if (first >= 0) {
          ranges.add(new DoneOffsets.Range(first, last));
        }
        lastRead = Math.max(lastRead, queue.peekLast().offset);
      }
      ArrayDeque<DoneOffsets.Range> earlier = resumed.get(p);
      if (earlier != null) {
        for (DoneOffsets.Range r : earlier) {
          if (r.last() > lastRead) {
            ranges.add(new DoneOffsets.Range(Math.max(r.first(), lastRead + 1), r.last()));
          }
        }
      }
      out.put(p, new Position(base, DoneOffsets.encode(base, ranges)));
    }
    return out;
  }

  /**
   * True when something became done since the last call: only then is a commit worth sending
   * (decision 0110).
   */
  boolean takeChanged() {
    boolean was = changed;
    changed = false;
    return was;
  }

  /** Records read and not yet done, across partitions. */
  int size() {
    return size;
  }

  /**
   * True when nothing of these partitions is still being worked on: each record is done or
   * abandoned.
   */
  boolean drained(Collection<TopicPartition> partitions) {
    for (TopicPartition p : partitions) {
      Records queue = inFlight.get(p);
      if (queue == null) {
        continue;
      }
      for (Entry e : queue) {
        if (!e.done && e.pending > e.abandoned) {
          return false;
        }
      }
    }
    return true;
  }

  /** Forgets revoked partitions: what is still in flight there is redelivered to the new owner. */
  void remove(Collection<TopicPartition> partitions) {
    for (TopicPartition p : partitions) {
      Records queue = inFlight.remove(p);
      if (queue != null) {
        size -= queue.size();
        queue.forEach(e -> e.forgotten = true);
      }
      committable.remove(p);
      resumed.remove(p);
    }
  }

  /** The next offset to commit per partition; safe to read from any thread. */
  Map<TopicPartition, Long> committable() {
    return committable;
  }
}
