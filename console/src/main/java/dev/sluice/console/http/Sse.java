package dev.sluice.console.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One server-sent-events stream. Events are dropped (and counted by the caller) rather than queued
 * when the browser reads slower than they come, so a stalled tab never holds memory on the server.
 * A comment line every 15 s finds connections that went away without a close.
 */
public final class Sse {
  private static final long HEARTBEAT_MS = 15_000;

  private final HttpServerResponse response;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Vertx vertx;
  private final long heartbeat;
  private Runnable onClose = () -> {};

  private Sse(Vertx vertx, HttpServerResponse response) {
    this.vertx = vertx;
    this.response = response;
    this.heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> comment("keep-alive"));
    response.closeHandler(v -> close());
    response.exceptionHandler(e -> close());
  }

  /** Starts the stream on the request's context; call the other methods on that context. */
  public static Sse start(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    response.write(": stream open\n\n");
    return new Sse(ctx.vertx(), response);
  }

  public Sse onClose(Runnable action) {
    this.onClose = action;
    if (closed.get()) {
      action.run();
    }
    return this;
  }

  /**
   * Sends one event.
   *
   * @return false when the event was dropped: the stream is closed or the browser is behind
   */
  public boolean send(String event, Object data) {
    if (closed.get() || response.writeQueueFull()) {
      return false;
    }
    response.write("event: " + event + "\ndata: " + ConsoleJson.encode(data) + "\n\n");
    return true;
  }

  public boolean isClosed() {
    return closed.get();
  }

  private void comment(String text) {
    if (!closed.get()) {
      response.write(": " + text + "\n\n");
    }
  }

  /** Ends the stream (also when the browser left); runs the close action once. */
  public void close() {
    if (closed.compareAndSet(false, true)) {
      vertx.cancelTimer(heartbeat);
      try {
        if (!response.ended() && !response.closed()) {
          response.end();
        }
      } catch (IllegalStateException e) {
        // Already gone.
      }
      onClose.run();
    }
  }
}
