package dev.sluice.workers.pipeline;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Message ids seen recently, bounded both in time and in count (least recently seen evicted first),
 * so that a client's retry of an already accepted message is not delivered twice. The window is in
 * memory: after a restart redelivered messages are delivered again (at-least-once).
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
}
