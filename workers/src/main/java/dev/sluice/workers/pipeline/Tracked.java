package dev.sluice.workers.pipeline;

import dev.sluice.workers.delivery.Delivery;

/**
 * A delivery together with the consumed record it is part of: it settles that part of the record
 * (delivered, dead-lettered, dropped) or abandons it. Used on the pipeline's context only.
 */
final class Tracked {
  final Delivery delivery;
  final OffsetTracker.Entry entry;

  /** Per-key order: Connection and key, or null when the message has no key. */
  final String lane;

  /**
   * Joined the batch being filled behind its key's current message, so it never owned its key's
   * lane: settling it releases nothing (the message it rode behind does).
   */
  boolean rider;

  Tracked(Delivery delivery, OffsetTracker.Entry entry) {
    this.delivery = delivery;
    this.entry = entry;
    this.lane = delivery.key() == null ? null : delivery.connection() + '\u0000' + delivery.key();
  }

  /** Bytes this delivery adds to a batch (its body and a separator). */
  int size() {
    return delivery.body().length + 1;
  }
}
