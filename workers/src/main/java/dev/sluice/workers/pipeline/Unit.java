package dev.sluice.workers.pipeline;

import dev.sluice.workers.delivery.Delivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Deliveries sent together (one message, or a batch) and what befell them so far. */
final class Unit {
  final List<Tracked> items = new ArrayList<>();
  int bytes;
  int attempts;
  int lastStatus;
  String lastError = "";
  Instant first;
  Instant last;

  static Unit of(Tracked t) {
    return new Unit().add(t);
  }

  Unit add(Tracked t) {
    items.add(t);
    bytes += t.size();
    return this;
  }

  /** What the connector is handed. */
  List<Delivery> deliveries() {
    List<Delivery> deliveries = new ArrayList<>(items.size());
    for (Tracked t : items) {
      deliveries.add(t.delivery);
    }
    return deliveries;
  }

  void attempted(int status, String error) {
    Instant now = Instant.now();
    if (first == null) {
      first = now;
    }
    last = now;
    attempts++;
    lastStatus = status;
    lastError = error == null ? "" : error;
  }

  DeadLetters.Attempts summary() {
    return new DeadLetters.Attempts(attempts, lastStatus, lastError, first, last);
  }
}
