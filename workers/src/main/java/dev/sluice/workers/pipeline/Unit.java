package dev.sluice.workers.pipeline;

import dev.sluice.workers.delivery.Delivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Deliveries sent together (one message, or a batch) and what befell them so far. */
final class Unit {
  final List<Delivery> items = new ArrayList<>();
  int bytes;
  int attempts;
  int lastStatus;
  String lastError = "";
  Instant first;
  Instant last;

  Unit add(Delivery d) {
    items.add(d);
    bytes += d.body().length + 1;
    return this;
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
