package dev.sluice.console.kafka;

import dev.sluice.console.http.ApiException;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A page cursor in a URL: {@code 0:120,1:98} (partition:offset, where the next page ends). */
public final class Cursor {
  private Cursor() {}

  public static String format(Map<Integer, Long> positions) {
    return positions == null
        ? null
        : positions.entrySet().stream()
            .map(e -> e.getKey() + ":" + e.getValue())
            .collect(Collectors.joining(","));
  }

  /**
   * @return null for a missing cursor (the newest page)
   */
  public static Map<Integer, Long> parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    Map<Integer, Long> positions = new TreeMap<>();
    try {
      for (String part : text.split(",")) {
        String[] pair = part.split(":", 2);
        positions.put(Integer.parseInt(pair[0].strip()), Long.parseLong(pair[1].strip()));
      }
    } catch (RuntimeException e) {
      throw ApiException.badRequest("before must look like 0:120,1:98, not '" + text + "'");
    }
    return positions;
  }
}
