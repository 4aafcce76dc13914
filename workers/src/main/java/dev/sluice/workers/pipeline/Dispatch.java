package dev.sluice.workers.pipeline;

import java.util.Collection;
import java.util.List;

/**
 * How deliveries reach the connector, chosen once per connector: {@link RequestDispatch} for
 * connectors that answer each send (per-key lanes, batches, concurrency and rate limits), {@link
 * StreamDispatch} for those that keep arrival order themselves and complete when the data is
 * durable later (an archive). Used on the pipeline's context only.
 */
interface Dispatch {

  /** A first attempt. */
  void submit(Tracked t);

  /** A unit whose retry is due. */
  void retry(Unit unit);

  /** The delivery is settled (delivered, dead-lettered, dropped): the next of its key may go. */
  void settled(Tracked t);

  /**
   * The delivery gets no further attempt (a drain). The later messages of its key waiting behind it
   * get none either, or they would overtake it: they are returned to be abandoned too.
   */
  List<Tracked> abandoned(Tracked t);

  /** Sends the batch being filled now rather than when it is full or due. */
  void closeBatch();

  /** Units waiting to be sent (a drain takes the retries out of them). */
  Collection<Unit> ready();

  /** The waiting messages of every key: ordering was turned off, or the dispatch is replaced. */
  List<Tracked> releaseWaiting();

  /** Sends what may go now (after a rate or concurrency change). */
  void pump();
}
