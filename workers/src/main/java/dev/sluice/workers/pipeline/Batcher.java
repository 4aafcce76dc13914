package dev.sluice.workers.pipeline;

import dev.sluice.workers.delivery.Connector;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Fills the unit being batched until it reaches the connector's event or byte limit or its wait is
 * up, then hands it on. With limits of one event, every delivery is a unit of its own. Used on the
 * pipeline's context only.
 */
final class Batcher {
  private final Vertx vertx;
  private final Supplier<Connector.BatchLimits> limits;
  private final Consumer<Unit> out;

  /** Lanes whose current message is in {@link #open}. */
  private final Set<String> openLanes = new HashSet<>();

  private Unit open;
  private long openTimer = -1;

  /**
   * @param limits the current connector's limits
   * @param out receives each unit once it is closed
   */
  Batcher(Vertx vertx, Supplier<Connector.BatchLimits> limits, Consumer<Unit> out) {
    this.vertx = vertx;
    this.limits = limits;
    this.out = out;
  }

  /** True when the lane's current message is in the batch being filled. */
  boolean holdsLane(String lane) {
    return open != null && openLanes.contains(lane);
  }

  /**
   * A message whose key's current message sits in the batch still being filled rides along in that
   * batch, after it: same request, same order, retried together. So per-key order does not shrink
   * batches to one message per key. False when it cannot (no such batch, or it would not fit).
   */
  boolean ride(Tracked t) {
    if (!holdsLane(t.lane) || open.bytes + t.size() > limits.get().maxBytes()) {
      return false;
    }
    t.rider = true;
    open.add(t);
    closeIfFull();
    return true;
  }

  /**
   * Adds a delivery to the batch being filled, opening one if needed.
   *
   * @param ownsLane the delivery is its key's current message, so later ones of its key may ride
   */
  void add(Tracked t, boolean ownsLane) {
    Connector.BatchLimits limits = this.limits.get();
    if (!limits.batching()) {
      out.accept(Unit.of(t));
      return;
    }
    if (open != null && open.bytes + t.size() > limits.maxBytes()) {
      close();
    }
    if (open == null) {
      open = new Unit();
      openTimer =
          vertx.setTimer(
              Math.max(1, limits.maxWait().toMillis()),
              id -> {
                openTimer = -1;
                close();
              });
    }
    open.add(t);
    if (ownsLane) {
      openLanes.add(t.lane);
    }
    closeIfFull();
  }

  private void closeIfFull() {
    if (open.items.size() >= limits.get().maxEvents()) {
      close();
    }
  }

  /** Hands on the batch being filled, if any, now. */
  void close() {
    openLanes.clear();
    if (open == null) {
      return;
    }
    if (openTimer >= 0) {
      vertx.cancelTimer(openTimer);
      openTimer = -1;
    }
    Unit closed = open;
    open = null;
    out.accept(closed);
  }
}
