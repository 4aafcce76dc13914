package dev.sluice.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes a connection that does not finish a request's headers in time. Vert.x's idle timeout
 * counts any byte as activity, so a client sending headers a byte a second (slowloris) would hold
 * its connection forever; here the clock runs from the connection's start, and from the end of each
 * answer on a kept-alive connection, until the next request's headers are complete.
 */
public final class HeaderDeadline {
  private final Vertx vertx;
  private final long timeoutMillis;
  private final Map<HttpConnection, Long> timers = new ConcurrentHashMap<>();
  private final String keepAliveHint;

  public HeaderDeadline(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.timeoutMillis = Math.max(1, timeout.toMillis());
    this.keepAliveHint = keepAliveHint(timeout);
  }

  /**
   * The {@code Keep-Alive} header value for kept-alive answers, or null when the deadline is under
   * two seconds. Clients that honour it (Vert.x, Node's agent, the JDK's {@code HttpURLConnection})
   * stop reusing an idle connection a second before the gateway closes it, rather than sending a
   * request into the close.
   */
  public String keepAliveHint() {
    return keepAliveHint;
  }

  static String keepAliveHint(Duration timeout) {
    long seconds = timeout.toSeconds() - 1;
    return seconds >= 1 ? "timeout=" + seconds : null;
  }

  /** A new connection: its first request's headers are due within the timeout. */
  public void connected(HttpConnection connection) {
    connection.closeHandler(v -> cancel(connection));
    arm(connection);
  }

  /** A request's headers are complete: no deadline while it is served. */
  public void requestStarted(HttpConnection connection) {
    cancel(connection);
  }

  /** An answer went out on a kept-alive connection: the next request's headers are due. */
  public void answered(HttpConnection connection) {
    if (connection != null) {
      arm(connection);
    }
  }

  /** Connections waiting for headers now (for tests and diagnostics). */
  public int waiting() {
    return timers.size();
  }

  private void arm(HttpConnection connection) {
    long id = vertx.setTimer(timeoutMillis, t -> expire(connection));
    Long previous = timers.put(connection, id);
    if (previous != null) {
      vertx.cancelTimer(previous);
    }
  }

  private void expire(HttpConnection connection) {
    if (timers.remove(connection) != null) {
      connection.close();
    }
  }

  private void cancel(HttpConnection connection) {
    Long id = timers.remove(connection);
    if (id != null) {
      vertx.cancelTimer(id);
    }
  }
}
