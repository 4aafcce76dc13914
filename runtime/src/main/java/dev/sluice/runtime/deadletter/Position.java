package dev.sluice.runtime.deadletter;

/** A record's place in a topic, written {@code partition:offset} (as {@code 0:42}). */
public record Position(int partition, long offset) {
  public Position {
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException("partition and offset must be 0 or more");
    }
  }

  /**
   * @throws IllegalArgumentException when the text is not {@code partition:offset}
   */
  public static Position parse(String text) {
    int colon = text.indexOf(':');
    try {
      if (colon > 0) {
        return new Position(
            Integer.parseInt(text.substring(0, colon).trim()),
            Long.parseLong(text.substring(colon + 1).trim()));
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not PARTITION:OFFSET (e.g. 0:42, as `sluice replay` lists them)");
  }

  @Override
  public String toString() {
    return partition + ":" + offset;
  }
}
