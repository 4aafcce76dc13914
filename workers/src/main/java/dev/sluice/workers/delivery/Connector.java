package dev.sluice.workers.delivery;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/**
 * Hands deliveries to one Destination. {@link #send} is called on the pipeline's context, never
 * concurrently with itself, and must not block it.
 */
public interface Connector {

  /** Delivers the unit (one message, or a batch when {@link #limits()} allows). */
  Future<SendResult> send(List<Delivery> unit);

  /** How deliveries are grouped into units. */
  default BatchLimits limits() {
    return BatchLimits.SINGLE;
  }

  /**
   * True when {@link #send} completes only once the message is durable later (an archive file is
   * rolled): the pipeline then neither holds keys back nor counts it against concurrency, since the
   * connector keeps arrival order itself.
   */
  default boolean completesLater() {
    return false;
  }

  /**
   * What keeps the destination from accepting deliveries now, in words for {@code /readyz} (an
   * archive folder that cannot be written); null when nothing is known to be wrong. Read from any
   * thread.
   */
  default String problem() {
    return null;
  }

  /** Finishes what is pending now (an archive rolls its open files). */
  default void flush() {}

  /** Releases clients and threads, after {@link #flush()}; pending sends may fail. */
  Future<Void> close();

  /**
   * @param maxEvents 1 sends messages one by one
   */
  record BatchLimits(int maxEvents, int maxBytes, Duration maxWait) {
    public static final BatchLimits SINGLE = new BatchLimits(1, Integer.MAX_VALUE, Duration.ZERO);

    public boolean batching() {
      return maxEvents > 1;
    }
  }
}
