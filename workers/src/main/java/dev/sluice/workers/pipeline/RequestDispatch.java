package dev.sluice.workers.pipeline;

import dev.sluice.runtime.limits.TokenBucket;
import dev.sluice.workers.delivery.Connector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * For a connector that answers each send (webhook, Kafka): per-key lanes (one message of a key out
 * at a time, decision 0050), then the {@link Batcher}, then the {@link Dispatcher}. Used on the
 * pipeline's context only.
 */
final class RequestDispatch implements Dispatch {
  private final KeyLanes<Tracked> lanes = new KeyLanes<>();
  private final BooleanSupplier keyOrdered;
  private final Predicate<Tracked> stops;
  private final Batcher batcher;
  private final Dispatcher dispatcher;

  /**
   * @param keyOrdered whether the configuration keeps per-key order now
   * @param stops whether a delivery may not be attempted again (its partition is draining)
   * @param attempt sends a unit and settles its outcome
   */
  RequestDispatch(
      Vertx vertx,
      Supplier<Connector.BatchLimits> limits,
      IntSupplier concurrency,
      Supplier<TokenBucket> bucket,
      BooleanSupplier keyOrdered,
      Predicate<Tracked> stops,
      Function<Unit, Future<Void>> attempt) {
    this.keyOrdered = keyOrdered;
    this.stops = stops;
    this.dispatcher = new Dispatcher(vertx, concurrency, bucket, attempt);
    this.batcher = new Batcher(vertx, limits, dispatcher::enqueue);
  }

  private boolean ordered(Tracked t) {
    return t.lane != null && keyOrdered.getAsBoolean();
  }

  @Override
  public void submit(Tracked t) {
    if (ordered(t)) {
      if (batcher.holdsLane(t.lane) && !lanes.hasWaiting(t.lane) && batcher.ride(t)) {
        return;
      }
      if (!lanes.offer(t.lane, t)) {
        return; // an earlier message of this key is still out; it goes when that one is done
      }
    }
    batcher.add(t, ordered(t));
  }

  @Override
  public void retry(Unit unit) {
    dispatcher.retry(unit);
  }

  @Override
  public void settled(Tracked t) {
    // A rider never owned its key's lane: only the message it rode behind releases it.
    if (t.rider || !ordered(t)) {
      return;
    }
    Tracked next = lanes.release(t.lane);
    if (next != null) {
      batcher.add(next, ordered(next));
    }
  }

  @Override
  public List<Tracked> abandoned(Tracked t) {
    if (t.rider || !ordered(t)) {
      return List.of();
    }
    List<Tracked> followers = new ArrayList<>();
    Tracked next = lanes.release(t.lane);
    while (next != null && stops.test(next)) {
      followers.add(next);
      next = lanes.release(t.lane);
    }
    if (next != null) {
      batcher.add(next, ordered(next));
    }
    return followers;
  }

  @Override
  public void closeBatch() {
    batcher.close();
  }

  @Override
  public Collection<Unit> ready() {
    return dispatcher.ready();
  }

  @Override
  public List<Tracked> releaseWaiting() {
    return lanes.drainAll();
  }

  @Override
  public void pump() {
    dispatcher.pump();
  }
}
