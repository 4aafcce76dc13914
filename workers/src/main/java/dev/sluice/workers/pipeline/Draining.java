package dev.sluice.workers.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Which deliveries get no further attempt: those of partitions being drained (shutdown or
 * revocation) and of partitions already forgotten. Such a delivery is <em>abandoned</em>: not
 * retried, not dead-lettered and not done, so its offset is never committed and the partition's
 * next owner redelivers it (decision 0055). It also keeps the units waiting for a retry timer, so a
 * drain abandons them at once instead of waiting out their backoff. Used on the pipeline's context
 * only.
 */
final class Draining {
  private final Set<TopicPartition> partitions = new HashSet<>();
  private final Map<Unit, Long> retryTimers = new IdentityHashMap<>();

  /**
   * Starts draining {@code drained}: takes their deliveries out of the units waiting to be retried,
   * whether for their timer or in {@code ready} (a retry due but not sent yet), cancels the timers
   * of units left empty and returns the deliveries to abandon. First attempts still go out.
   */
  List<Tracked> start(
      Collection<TopicPartition> drained, Collection<Unit> ready, LongConsumer cancelTimer) {
    partitions.addAll(drained);
    List<Tracked> stopped = new ArrayList<>();
    for (Iterator<Map.Entry<Unit, Long>> it = retryTimers.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Unit, Long> waiting = it.next();
      stopped.addAll(takeStopped(waiting.getKey()));
      if (waiting.getKey().items.isEmpty()) {
        cancelTimer.accept(waiting.getValue());
        it.remove();
      }
    }
    for (Unit unit : ready) {
      if (unit.attempts > 0) {
        stopped.addAll(takeStopped(unit));
      }
    }
    ready.removeIf(unit -> unit.items.isEmpty());
    return stopped;
  }

  /** The partitions are gone (forgotten) or ours again: what is read from them now is retried. */
  void end(Collection<TopicPartition> done) {
    partitions.removeAll(done);
  }

  /** True when the delivery may not be attempted again. */
  boolean stops(Tracked t) {
    return t.entry.forgotten || partitions.contains(t.entry.partition);
  }

  /** Takes out of the unit the deliveries that may not be attempted again, and returns them. */
  List<Tracked> takeStopped(Unit unit) {
    List<Tracked> stopped = new ArrayList<>();
    for (Iterator<Tracked> it = unit.items.iterator(); it.hasNext(); ) {
      Tracked t = it.next();
      if (stops(t)) {
        it.remove();
        unit.bytes -= t.size();
        stopped.add(t);
      }
    }
    return stopped;
  }

  /** The unit waits for a retry on timer {@code timer}. */
  void retryLater(Unit unit, long timer) {
    retryTimers.put(unit, timer);
  }

  /** The unit's retry timer fired. */
  void retryDue(Unit unit) {
    retryTimers.remove(unit);
  }
}
