package dev.sluice.workers.pipeline;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Message ids seen recently, bounded both in time and in count (least recently seen evicted first),
 * so that a client's retry of an already accepted message is not delivered twice. The window is in
 * memory; what a previous process had done comes back from the {@link DedupLog} on partition
 * assignment ({@link #remember}, decision 0112).
 */
final class DedupWindow {
  private final long windowNanos;
  private final int maxEntries;
  private final LinkedHashMap<String, Long> seen;

  DedupWindow(Duration window, int maxEntries) {
    this.windowNanos = window.toNanos();
    this.maxEntries = Math.max(1, maxEntries);
    this.seen =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > DedupWindow.this.maxEntries;
          }
        };
  }

  boolean enabled() {
    return windowNanos > 0;
  }

  /** True when the id was seen within the window; records it either way. */
  boolean seenBefore(String id, long nowNanos) {
    if (!enabled() || id == null) {
      return false;
    }
    Long previous = seen.put(id, nowNanos);
    return previous != null && nowNanos - previous <= windowNanos;
  }

  /** The id was done at {@code atNanos} (by a previous process): seen, unless newer news exists. */
  void remember(String id, long atNanos) {
    if (!enabled()) {
      return;
    }
    Long current = seen.get(id);
    if (current == null || current < atNanos) {
      seen.put(id, atNanos);
    }
  }
}
