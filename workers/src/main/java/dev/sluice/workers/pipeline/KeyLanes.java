package dev.sluice.workers.pipeline;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-key ordering: at most one delivery per key is out at a time (sending, or waiting to retry);
 * the next of that key waits here. A retrying message holds back its own key only, never the
 * partition. Used on the pipeline's context only.
 */
final class KeyLanes<T> {
  private final Map<String, ArrayDeque<T>> waiting = new HashMap<>();
  private int waitingCount;

  /** True when the key was free and the item may go now; otherwise it is queued. */
  boolean offer(String key, T item) {
    ArrayDeque<T> queue = waiting.get(key);
    if (queue == null) {
      waiting.put(key, new ArrayDeque<>());
      return true;
    }
    queue.add(item);
    waitingCount++;
    return false;
  }

  /** True when items of this key are queued behind its current one. */
  boolean hasWaiting(String key) {
    ArrayDeque<T> queue = waiting.get(key);
    return queue != null && !queue.isEmpty();
  }

  /** The key's current item is done: returns the next one to send, or null (the key is free). */
  T release(String key) {
    ArrayDeque<T> queue = waiting.get(key);
    if (queue == null) {
      return null;
    }
    T next = queue.poll();
    if (next == null) {
      waiting.remove(key);
    } else {
      waitingCount--;
    }
    return next;
  }

  /** Every waiting item, in key order; all keys become free. */
  java.util.List<T> drainAll() {
    java.util.List<T> all = new java.util.ArrayList<>();
    waiting.values().forEach(all::addAll);
    waiting.clear();
    waitingCount = 0;
    return all;
  }

  int waiting() {
    return waitingCount;
  }
}
