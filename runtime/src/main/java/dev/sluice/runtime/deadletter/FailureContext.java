package dev.sluice.runtime.deadletter;

import dev.sluice.api.config.SluiceHeaders;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Why a message is in the dead-letter topic, read from the headers the worker wrote. Records from
 * before a header existed have it absent: strings are then empty, numbers -1, times null.
 *
 * @param source {@code namespace/name} of the Source the message was logged to
 * @param connection the Connection that failed; empty for a record that was not a message at all
 * @param lastStatus the last HTTP status, 0 when there was no answer (timeout, connection refused)
 * @param originalTopic the Source topic it was read from (with its partition and offset), so that
 *     the replay knows where to write and a person can find the original
 * @param replayedFrom set when this dead letter is itself a failed replay: the earlier dead letter
 *     as {@code topic/partition/offset}
 */
public record FailureContext(
    String source,
    String destination,
    String connection,
    int attempts,
    int lastStatus,
    String lastError,
    Instant firstAttempt,
    Instant lastAttempt,
    String originalTopic,
    int originalPartition,
    long originalOffset,
    String replayedFrom) {

  /** Reads the context from a dead letter's headers (name to UTF-8 value). */
  public static FailureContext of(Map<String, String> headers) {
    return new FailureContext(
        text(headers, SluiceHeaders.SOURCE),
        text(headers, SluiceHeaders.DESTINATION),
        text(headers, SluiceHeaders.CONNECTION),
        (int) number(headers, SluiceHeaders.ATTEMPTS),
        (int) number(headers, SluiceHeaders.LAST_STATUS),
        text(headers, SluiceHeaders.LAST_ERROR),
        time(headers, SluiceHeaders.FIRST_ATTEMPT),
        time(headers, SluiceHeaders.LAST_ATTEMPT),
        text(headers, SluiceHeaders.ORIGINAL_TOPIC),
        (int) number(headers, SluiceHeaders.ORIGINAL_PARTITION),
        number(headers, SluiceHeaders.ORIGINAL_OFFSET),
        text(headers, SluiceHeaders.REPLAYED_FROM));
  }

  /** The worker could not even read it as a message: replaying it would only fail again. */
  public boolean unreadable() {
    return connection.isEmpty();
  }

  private static String text(Map<String, String> headers, String name) {
    return headers.getOrDefault(name, "");
  }

  private static long number(Map<String, String> headers, String name) {
    try {
      return Long.parseLong(headers.getOrDefault(name, "").trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Instant time(Map<String, String> headers, String name) {
    String value = headers.get(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
