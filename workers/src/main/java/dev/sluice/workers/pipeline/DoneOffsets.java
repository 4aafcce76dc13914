package dev.sluice.workers.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * The offsets already done above a partition's committed offset, written into the commit's metadata
 * so that a restarted worker skips them (decision 0058). Ranges of done offsets are written
 * relative to the previous one, in base 36: {@code s1:gap.length,gap.length,...}; the first gap is
 * counted from the committed offset. The text stays under the broker's {@code
 * offset.metadata.max.bytes} (4096 by default): ranges past the limit are left out, so their
 * records are redelivered, which is safe (at-least-once), only less thrifty.
 */
final class DoneOffsets {
  /** A run of done offsets, both ends included. */
  record Range(long first, long last) {}

  static final int MAX_CHARS = 3_900;
  private static final String PREFIX = "s1:";

  private DoneOffsets() {}

  static String encode(long base, List<Range> ranges) {
    if (ranges.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(PREFIX);
    long previous = base;
    for (Range r : ranges) {
      if (r.first() < previous) {
        continue; // below the committed offset, or overlapping: nothing to say
      }
      String item =
          Long.toString(r.first() - previous, 36) + '.' + Long.toString(r.last() - r.first(), 36);
      if (out.length() + item.length() + 1 > MAX_CHARS) {
        break;
      }
      if (out.length() > PREFIX.length()) {
        out.append(',');
      }
      out.append(item);
      previous = r.last() + 1;
    }
    return out.length() == PREFIX.length() ? "" : out.toString();
  }

  /** The ranges in the metadata; none for anything we did not write (or cannot read). */
  static List<Range> decode(long base, String metadata) {
    List<Range> ranges = new ArrayList<>();
    if (metadata == null || !metadata.startsWith(PREFIX)) {
      return ranges;
    }
    try {
      long previous = base;
      for (String item : metadata.substring(PREFIX.length()).split(",")) {
        int dot = item.indexOf('.');
        long first = previous + Long.parseLong(item.substring(0, dot), 36);
        long last = first + Long.parseLong(item.substring(dot + 1), 36);
        if (first < previous || last < first) {
          return new ArrayList<>();
        }
        ranges.add(new Range(first, last));
        previous = last + 1;
      }
    } catch (RuntimeException e) {
      return new ArrayList<>(); // not ours after all: redeliver rather than skip
    }
    return ranges;
  }
}
