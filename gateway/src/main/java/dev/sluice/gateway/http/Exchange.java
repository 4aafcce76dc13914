package dev.sluice.gateway.http;

import dev.sluice.api.config.SourceConfig;
import dev.sluice.api.message.ErrorCode;
import dev.sluice.gateway.auth.SourceIndex;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its answer. It holds the Source index the request started with (a reload never
 * changes the rules mid-request), adds CORS headers to every answer, and reports the outcome once.
 */
public final class Exchange {
  private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
  private static final Buffer SUCCESS = Buffer.buffer("{\"success\":true}");

  private final HttpServerRequest request;
  private final SourceIndex sources;
  private final String route;
  private final Consumer<Exchange> onEnd;
  private SourceConfig source;
  private int status;
  private boolean answered;
  private boolean aborted;
  private boolean closeAfterAnswer;
  private Runnable slot;
  private Runnable onAnswered;

  public Exchange(
      HttpServerRequest request, SourceIndex sources, String route, Consumer<Exchange> onEnd) {
    this.request = request;
    this.sources = sources;
    this.route = route;
    this.onEnd = onEnd;
    // The client went away (or the server's idle close did) before the answer: an abort.
    request.response().closeHandler(v -> abort());
  }

  public HttpServerRequest request() {
    return request;
  }

  public SourceIndex sources() {
    return sources;
  }

  public String route() {
    return route;
  }

  public int status() {
    return status;
  }

  /** Once the write key is known, CORS follows that Source's origins. */
  public void source(SourceConfig source) {
    this.source = source;
  }

  /**
   * The request holds an admission slot until its body is parsed ({@link #bodyParsed}) or it is
   * answered, whichever comes first.
   */
  public void holdSlot(Runnable release) {
    this.slot = release;
  }

  /** The body is parsed and its records go to Kafka: the admission slot is free for another. */
  public void bodyParsed() {
    Runnable release = slot;
    if (release != null) {
      slot = null;
      release.run();
    }
  }

  /** Runs once when the exchange ends (answered or aborted), before the end is reported. */
  public void onAnswered(Runnable action) {
    this.onAnswered = action;
  }

  /**
   * The answer says {@code Connection: close} and the connection closes once it is written (and the
   * request's body is in, so that unread bytes do not turn the close into a reset that could
   * destroy the answer before the client reads it).
   */
  public void closeAfterAnswer() {
    this.closeAfterAnswer = true;
  }

  /**
   * The answer deadline passed: a 503 now if nothing answered yet (the request's own answer, if it
   * comes later, is dropped), and the connection closes, since its request may be half read.
   */
  public void expire() {
    if (answered) {
      return;
    }
    closeAfterAnswer();
    boolean parsed = slot == null;
    fail(
        parsed
            ? new ApiError(
                ErrorCode.KAFKA_UNAVAILABLE,
                "the event log did not acknowledge the messages in time; retry",
                5)
            : new ApiError(
                ErrorCode.OVERLOADED,
                "the request was not read and parsed in time; retry shortly",
                1));
  }

  public void success() {
    respond(200, "application/json", SUCCESS, 0);
  }

  public void json(int status, Buffer body) {
    respond(status, "application/json", body, 0);
  }

  public void fail(Throwable failure) {
    if (failure instanceof ApiError error) {
      respond(
          error.status(),
          "application/json",
          Buffer.buffer(Json.error(error.code().wireName(), error.getMessage())),
          error.retryAfterSeconds());
    } else if (failure instanceof HttpClosedException || request.response().closed()) {
      abort();
    } else {
      LOG.error("unexpected failure on {} {}", request.method(), route, failure);
      fail(new ApiError(ErrorCode.INTERNAL_ERROR, "the gateway failed; retry later"));
    }
  }

  public void respond(int status, String contentType, Buffer body, int retryAfterSeconds) {
    if (answered) {
      return;
    }
    answered = true;
    this.status = status;
    HttpServerResponse response = request.response();
    response.setStatusCode(status);
    if (contentType != null) {
      response.putHeader("Content-Type", contentType);
    }
    if (retryAfterSeconds > 0) {
      response.putHeader("Retry-After", Integer.toString(retryAfterSeconds));
    }
    addCors(response);
    // A body refused for its size is not worth parsing: answer, drop the rest unread for at most
    // a second and close. Closing at once, with the client still sending, made the kernel reset
    // the connection and could destroy the answer before the client read it. Any other unread
    // body (a GET's, say) is drained by Vert.x, keeping keep-alive.
    boolean drop = status == 413 && !request.isEnded();
    if (drop || closeAfterAnswer) {
      response.headers().remove("Keep-Alive");
      response.putHeader("Connection", "close");
      response.end(body).onComplete(v -> closeOnceRead());
    } else {
      response.end(body);
    }
    ended();
  }

  private void closeOnceRead() {
    HttpConnection connection = request.connection();
    io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
    if (request.isEnded() || context == null) {
      connection.close();
      return;
    }
    // The rest of the body is read and dropped (no parsing) for at most a second.
    request.endHandler(v -> connection.close());
    request.exceptionHandler(e -> connection.close());
    request.handler(chunk -> {});
    request.resume();
    context.owner().setTimer(1000, t -> connection.close());
  }

  private void ended() {
    bodyParsed();
    Runnable action = onAnswered;
    if (action != null) {
      onAnswered = null;
      action.run();
    }
    onEnd.accept(this);
  }

  /**
   * {@code Access-Control-Allow-Origin} on every answer to an allowed origin: the origin itself
   * when it is listed exactly, {@code *} when only a wildcard allows it (never a reflection of an
   * arbitrary origin).
   */
  public void addCors(HttpServerResponse response) {
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return;
    }
    String allow =
        source != null ? SourceIndex.allowOrigin(source, origin) : sources.allowOrigin(origin);
    if (allow != null) {
      response.putHeader("Access-Control-Allow-Origin", allow);
      response.putHeader("Vary", "Origin");
    }
  }

  public boolean answered() {
    return answered;
  }

  /** Whether the connection closed before an answer could be sent. */
  public boolean aborted() {
    return aborted;
  }

  private void abort() {
    if (answered) {
      return;
    }
    answered = true;
    aborted = true;
    LOG.debug("{} {}: the connection closed before the answer", request.method(), route);
    ended();
  }
}
