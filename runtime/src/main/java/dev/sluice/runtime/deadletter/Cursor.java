package dev.sluice.runtime.deadletter;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where the next page of a dead-letter topic starts: the next offset per partition (partitions not
 * named start at their beginning). Written {@code 0:12,1:4} so a web page can carry it in a link.
 */
public record Cursor(Map<Integer, Long> next) {
  public static final Cursor START = new Cursor(Map.of());

  public Cursor {
    next = Map.copyOf(next);
  }

  /** The offset to start {@code partition} at; 0 (its beginning) when not named. */
  public long next(int partition) {
    return next.getOrDefault(partition, 0L);
  }

  /**
   * @throws IllegalArgumentException when the text is not a list of {@code partition:offset}
   */
  public static Cursor parse(String text) {
    Map<Integer, Long> next = new TreeMap<>();
    if (text != null && !text.isBlank()) {
      for (String part : text.split(",")) {
        Position p = Position.parse(part);
        next.put(p.partition(), p.offset());
      }
    }
    return new Cursor(next);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(next)
        .forEach(
            (p, o) -> out.append(out.length() == 0 ? "" : ",").append(p).append(':').append(o));
    return out.toString();
  }
}
