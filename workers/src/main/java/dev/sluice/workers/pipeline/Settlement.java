package dev.sluice.workers.pipeline;

import dev.sluice.api.config.WorkerConfig;
import dev.sluice.workers.delivery.RetrySchedule;
import dev.sluice.workers.delivery.SendResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of each attempt: delivered, retried on the delivery policy's schedule, dead-lettered
 * (or dropped when the Destination has no dead-letter topic), or abandoned when its partition is
 * draining (decision 0055). Settling a delivery marks its part of the record done and lets the next
 * message of its key go. Used on the pipeline's context only.
 */
final class Settlement {
  private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);

  private final Vertx vertx;
  private final OffsetTracker tracker;
  private final Draining draining;
  private final PipelineMetrics metrics;
  private final DeadLetters deadLetters;
  private final Supplier<WorkerConfig> config;
  private final Supplier<ConnectorHandle> connector;
  private final Supplier<Dispatch> dispatch;
  private final Runnable progress;
  private RetrySchedule retries;
  private boolean closed;

  /**
   * @param connector the connector in use now
   * @param dispatch the dispatch in use now
   * @param progress runs after deliveries were settled or abandoned (pause, drains)
   */
  Settlement(
      Vertx vertx,
      OffsetTracker tracker,
      Draining draining,
      PipelineMetrics metrics,
      DeadLetters deadLetters,
      Supplier<WorkerConfig> config,
      Supplier<ConnectorHandle> connector,
      Supplier<Dispatch> dispatch,
      Runnable progress) {
    this.vertx = vertx;
    this.tracker = tracker;
    this.draining = draining;
    this.metrics = metrics;
    this.deadLetters = deadLetters;
    this.config = config;
    this.connector = connector;
    this.dispatch = dispatch;
    this.progress = progress;
  }

  void retries(RetrySchedule schedule) {
    this.retries = schedule;
  }

  /**
   * Shut down: what completes from now on is left undone, neither retried nor dead-lettered (the
   * consumer has committed for the last time, so it is redelivered after the restart anyway).
   */
  void close() {
    closed = true;
  }

  /** Sends the unit with the connector in use now and settles the outcome. */
  Future<Void> attempt(Unit unit) {
    if (unit.first == null) {
      unit.first = Instant.now();
    }
    return connector
        .get()
        .send(unit.deliveries())
        .otherwise(e -> new SendResult.Retryable(0, e.toString(), null))
        .map(
            result -> {
              outcome(unit, result);
              return null;
            });
  }

  void outcome(Unit unit, SendResult result) {
    if (closed) {
      return;
    }
    if (result instanceof SendResult.Delivered) {
      unit.attempted(200, null);
      for (Tracked t : unit.items) {
        metrics.delivered(t.delivery.connection(), 1, t.delivery.receivedAt());
        done(t);
      }
    } else if (result instanceof SendResult.Rejected r) {
      unit.attempted(r.status(), r.error());
      deadLetter(unit);
    } else if (result instanceof SendResult.Retryable r) {
      unit.attempted(r.status(), r.error());
      retryOrGiveUp(unit, r.retryAfter());
    } else if (result instanceof SendResult.PerMessage p) {
      perMessage(unit, p);
    }
  }

  /** Each message of the unit delivered or dead-lettered with its own status and error. */
  private void perMessage(Unit unit, SendResult.PerMessage result) {
    if (result.each().size() != unit.items.size()) {
      outcome(unit, new SendResult.Retryable(0, "connector answered for another unit size", null));
      return;
    }
    unit.attempted(200, null);
    for (int i = 0; i < unit.items.size(); i++) {
      Tracked t = unit.items.get(i);
      if (result.each().get(i) instanceof SendResult.Rejected r) {
        Unit own = Unit.of(t);
        own.first = unit.first;
        own.attempts = unit.attempts - 1;
        own.attempted(r.status(), r.error());
        deadLetter(own);
      } else {
        metrics.delivered(t.delivery.connection(), 1, t.delivery.receivedAt());
        done(t);
      }
    }
  }

  private void retryOrGiveUp(Unit unit, Duration retryAfter) {
    abandon(draining.takeStopped(unit));
    if (unit.items.isEmpty()) {
      return;
    }
    Duration delay = retries.next(unit.attempts, unit.first, Instant.now(), retryAfter);
    if (delay == null) {
      deadLetter(unit);
      return;
    }
    metrics.retried(unit.items.get(0).delivery.connection(), unit.items.size());
    long timer =
        vertx.setTimer(
            Math.max(1, delay.toMillis()),
            id -> {
              draining.retryDue(unit);
              abandon(draining.takeStopped(unit));
              if (!unit.items.isEmpty()) {
                dispatch.get().retry(unit);
              }
            });
    draining.retryLater(unit, timer);
  }

  /**
   * These deliveries get no further attempt (their partition is being drained or was forgotten):
   * they stay not done, so their offsets are not committed and the next owner redelivers them. The
   * later messages of their key waiting behind them are abandoned too, or they would overtake.
   */
  void abandon(List<Tracked> stopped) {
    for (Tracked t : stopped) {
      tracker.abandon(t.entry);
      for (Tracked follower : dispatch.get().abandoned(t)) {
        tracker.abandon(follower.entry);
      }
    }
    if (!stopped.isEmpty()) {
      LOG.info(
          "pipeline {}: {} deliveries left for redelivery (draining)",
          config.get().destination(),
          stopped.size());
      progress.run();
    }
  }

  /** No (further) attempt: to the dead-letter topic, or dropped when the Destination has none. */
  void deadLetter(Unit unit) {
    WorkerConfig current = config.get();
    if (!current.delivery().deadLetterEnabled()) {
      for (Tracked t : unit.items) {
        LOG.warn(
            "pipeline {}: dropping message {} of connection {} after {} attempts: {}",
            current.destination(),
            t.delivery.messageId(),
            t.delivery.connection(),
            unit.attempts,
            unit.lastError);
        metrics.dropped(t.delivery.connection(), 1);
        done(t);
      }
      return;
    }
    for (Tracked t : unit.items) {
      writeDeadLetter(t, unit.summary());
    }
  }

  private void writeDeadLetter(Tracked t, DeadLetters.Attempts attempts) {
    deadLetters
        .write(t.delivery, t.entry.partition, t.entry.offset, attempts)
        .onSuccess(
            v -> {
              metrics.deadLettered(t.delivery.connection(), 1);
              done(t);
            })
        .onFailure(
            e -> {
              LOG.warn(
                  "pipeline {}: dead letter not written, retrying: {}",
                  config.get().destination(),
                  e.toString());
              if (!closed) {
                vertx.setTimer(1000, id -> writeDeadLetter(t, attempts));
              }
            });
  }

  /** Delivered, dead-lettered or dropped: the record's part is done and the key moves on. */
  private void done(Tracked t) {
    tracker.partDone(t.entry);
    dispatch.get().settled(t);
    progress.run();
  }
}
