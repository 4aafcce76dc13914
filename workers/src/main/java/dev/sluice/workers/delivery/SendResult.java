package dev.sluice.workers.delivery;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The outcome of one attempt to hand a unit to a destination. */
public sealed interface SendResult {
  Delivered DELIVERED = new Delivered();

  /**
   * Sends each message of a unit on its own (connectors that complete later, such as the archive
   * and the warehouse, take messages one by one): delivered when every part is, else the first
   * part's other outcome. A unit batched for another connector before a configuration change is
   * sent this way, so every part counts.
   */
  static Future<SendResult> ofEach(
      List<Delivery> unit, Function<Delivery, Future<SendResult>> send) {
    if (unit.size() == 1) {
      return send.apply(unit.get(0));
    }
    List<Future<SendResult>> parts = new ArrayList<>(unit.size());
    unit.forEach(d -> parts.add(send.apply(d)));
    return Future.join(parts)
        .transform(
            ar -> {
              for (Future<SendResult> part : parts) {
                if (!(part.result() instanceof SendResult.Delivered)) {
                  return Future.succeededFuture(
                      part.result() == null
                          ? new SendResult.Retryable(0, String.valueOf(part.cause()), null)
                          : part.result());
                }
              }
              return Future.succeededFuture(SendResult.DELIVERED);
            });
  }

  record Delivered() implements SendResult {}

  /**
   * Worth another try (408, 429, 5xx, timeouts, connection errors).
   *
   * @param status the HTTP status, or 0 when there was no answer
   * @param retryAfter what the destination asked for, or null
   */
  record Retryable(int status, String error, Duration retryAfter) implements SendResult {}

  /** Will never succeed as it is (other 4xx, a record too large): dead-letter at once. */
  record Rejected(int status, String error) implements SendResult {}

  /**
   * A batch the destination answered message by message (Segment's multistatus) with nothing to
   * retry: each message is delivered or dead-lettered on its own. A connector with any retryable
   * message in a batch answers {@link Retryable} for the whole unit instead, so that the unit is
   * retried together and per-key order holds.
   *
   * @param each {@link Delivered} or {@link Rejected}, one per delivery in the unit's order
   */
  record PerMessage(java.util.List<SendResult> each) implements SendResult {
    public PerMessage {
      each = java.util.List.copyOf(each);
      for (SendResult r : each) {
        if (!(r instanceof Delivered) && !(r instanceof Rejected)) {
          throw new IllegalArgumentException("PerMessage holds Delivered or Rejected only: " + r);
        }
      }
    }
  }
}
