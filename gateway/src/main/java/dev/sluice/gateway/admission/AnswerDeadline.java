package dev.sluice.gateway.admission;

import dev.sluice.gateway.http.Exchange;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * An admitted request is answered within the deadline, whatever holds it up: a body that arrives
 * slowly, a loop busy parsing, Kafka not acknowledging. The Kafka wait has its own deadline from
 * the hand-off (the event log's); this one runs from the headers, so the time spent reading and
 * parsing counts too.
 */
public final class AnswerDeadline {
  private final Vertx vertx;
  private final long millis;

  public AnswerDeadline(Vertx vertx, Duration deadline) {
    this.vertx = vertx;
    this.millis = Math.max(1, deadline.toMillis());
  }

  /** Called on the request's event loop: the timer fires there too. */
  public void arm(Exchange exchange) {
    long timer = vertx.setTimer(millis, id -> exchange.expire());
    exchange.onAnswered(() -> vertx.cancelTimer(timer));
  }
}
