package dev.sluice.workers.pipeline;

import dev.sluice.workers.delivery.Connector;
import dev.sluice.workers.delivery.Delivery;
import dev.sluice.workers.delivery.SendResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connector and its sends in flight. When the configuration replaces it (a credential rotated, a
 * URL changed) it is retired: what it already sent finishes on it, then it is closed.
 */
final class ConnectorHandle {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectorHandle.class);

  final Connector connector;
  private int inFlight;
  private boolean retired;
  private final Promise<Void> closed = Promise.promise();

  ConnectorHandle(Connector connector) {
    this.connector = connector;
  }

  Future<SendResult> send(List<Delivery> unit) {
    inFlight++;
    Future<SendResult> result;
    try {
      result = connector.send(unit);
    } catch (RuntimeException e) {
      result = Future.succeededFuture(new SendResult.Retryable(0, e.toString(), null));
    }
    return result.andThen(
        ar -> {
          inFlight--;
          closeIfIdle();
        });
  }

  /** Flushes and closes once nothing is in flight. */
  Future<Void> retire() {
    if (!retired) {
      retired = true;
      connector.flush();
      closeIfIdle();
    }
    return closed.future();
  }

  private void closeIfIdle() {
    if (retired && inFlight == 0 && !closed.future().isComplete()) {
      connector
          .close()
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  LOG.warn("closing a connector failed: {}", ar.cause().toString());
                }
                closed.tryComplete();
              });
    }
  }

  /** Closes now, whatever is in flight. */
  Future<Void> forceClose() {
    retired = true;
    if (!closed.future().isComplete()) {
      connector.flush();
      connector.close().onComplete(ar -> closed.tryComplete());
    }
    return closed.future();
  }
}
