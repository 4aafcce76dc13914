package dev.sluice.workers.pipeline;

import dev.sluice.runtime.limits.TokenBucket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Sends ready units, oldest first and due retries before them, with at most the configured
 * concurrency in flight and no faster than the rate limit allows. Used on the pipeline's context
 * only.
 */
final class Dispatcher {
  private final Vertx vertx;
  private final IntSupplier concurrency;
  private final Supplier<TokenBucket> bucket;
  private final Function<Unit, Future<Void>> attempt;
  private final ArrayDeque<Unit> ready = new ArrayDeque<>();
  private int sending;
  private boolean pumpScheduled;

  /**
   * @param bucket the rate limit in use now
   * @param attempt sends a unit and settles its outcome
   */
  Dispatcher(
      Vertx vertx,
      IntSupplier concurrency,
      Supplier<TokenBucket> bucket,
      Function<Unit, Future<Void>> attempt) {
    this.vertx = vertx;
    this.concurrency = concurrency;
    this.bucket = bucket;
    this.attempt = attempt;
  }

  void enqueue(Unit unit) {
    ready.add(unit);
    pump();
  }

  /** A retry goes before first attempts: its messages are older. */
  void retry(Unit unit) {
    ready.addFirst(unit);
    pump();
  }

  /** The queue itself: a drain takes retries out of it. */
  Deque<Unit> ready() {
    return ready;
  }

  void pump() {
    if (pumpScheduled) {
      return;
    }
    int limit = Math.max(1, concurrency.getAsInt());
    while (!ready.isEmpty() && sending < limit) {
      Unit unit = ready.peek();
      long wait = TokenBucket.ceil(bucket.get().tryTake(unit.items.size()), TimeUnit.MILLISECONDS);
      if (wait > 0) {
        pumpScheduled = true;
        vertx.setTimer(
            wait,
            id -> {
              pumpScheduled = false;
              pump();
            });
        return;
      }
      ready.poll();
      sending++;
      attempt
          .apply(unit)
          .onComplete(
              ar -> {
                sending--;
                pump();
              });
    }
  }
}
