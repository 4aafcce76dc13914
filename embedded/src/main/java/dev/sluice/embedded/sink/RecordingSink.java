package dev.sluice.embedded.sink;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A webhook receiver on 127.0.0.1 that records every request (headers and body) and answers 200, or
 * what it was told: a sequence of statuses ({@code 500, 500, 200}), a fixed status, a delay, or
 * nothing at all ({@link #down()}: the port refuses connections until {@link #up()}). Safe to use
 * from any thread; the await helpers block the caller with a deadline.
 */
public final class RecordingSink implements AutoCloseable {
  private final Vertx vertx;
  private final boolean ownsVertx;
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final Deque<Integer> scriptedStatuses = new ArrayDeque<>();
  private int defaultStatus = 200;
  private Duration delay = Duration.ZERO;
  private Map<String, String> responseHeaders = Map.of();
  private volatile HttpServer server;
  private int port;

  /** A sink with its own Vert.x instance, closed with it. */
  public RecordingSink() {
    this(Vertx.vertx(), true);
  }

  /** A sink on a caller's Vert.x instance, which the caller closes. */
  public RecordingSink(Vertx vertx) {
    this(vertx, false);
  }

  private RecordingSink(Vertx vertx, boolean ownsVertx) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
  }

  /** Starts listening; port 0 picks a free one. Returns this sink. */
  public RecordingSink start(int port) {
    this.port = port;
    listen();
    return this;
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>} plus the path. */
  public String url(String path) {
    return "http://127.0.0.1:" + port + (path.startsWith("/") ? path : "/" + path);
  }

  /** Answers these statuses, one per request, then the default status again. */
  public synchronized RecordingSink respondWith(int... statuses) {
    scriptedStatuses.clear();
    for (int status : statuses) {
      scriptedStatuses.add(status);
    }
    return this;
  }

  /** Answers this status to every request not covered by {@link #respondWith}. */
  public synchronized RecordingSink respondAlways(int status) {
    scriptedStatuses.clear();
    defaultStatus = status;
    return this;
  }

  /** Headers added to every answer, e.g. {@code Retry-After}. */
  public synchronized RecordingSink responseHeaders(Map<String, String> headers) {
    responseHeaders = Map.copyOf(headers);
    return this;
  }

  /** Waits this long before answering each request. */
  public synchronized RecordingSink delay(Duration delay) {
    this.delay = delay;
    return this;
  }

  /** Stops listening: connections are refused until {@link #up()}. Recordings are kept. */
  public void down() {
    HttpServer current = server;
    server = null;
    if (current != null) {
      await(current.close().toCompletionStage().toCompletableFuture());
    }
  }

  /** Listens again on the same port. */
  public void up() {
    if (server == null) {
      listen();
    }
  }

  public synchronized List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** Requests answered with a 2xx. */
  public synchronized List<RecordedRequest> succeeded() {
    return requests.stream().filter(RecordedRequest::succeeded).toList();
  }

  public synchronized int count() {
    return requests.size();
  }

  public synchronized void clear() {
    requests.clear();
  }

  /** Blocks until at least {@code n} requests arrived; returns them all. */
  public List<RecordedRequest> awaitCount(int n, Duration timeout) throws TimeoutException {
    return awaitRequests(all -> all.size() >= n, timeout, "at least " + n + " requests");
  }

  /** Blocks until at least {@code n} requests were answered with a 2xx; returns those. */
  public List<RecordedRequest> awaitSucceeded(int n, Duration timeout) throws TimeoutException {
    awaitRequests(
        all -> all.stream().filter(RecordedRequest::succeeded).count() >= n,
        timeout,
        "at least " + n + " successful requests");
    return succeeded();
  }

  /** Blocks until the recorded requests satisfy the condition. */
  public synchronized List<RecordedRequest> awaitRequests(
      Predicate<List<RecordedRequest>> condition, Duration timeout, String what)
      throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(requests)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException(
            "sink did not see " + what + " within " + timeout + "; got " + requests.size());
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TimeoutException("interrupted while waiting for " + what);
      }
    }
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    down();
    if (ownsVertx) {
      await(vertx.close().toCompletionStage().toCompletableFuture());
    }
  }

  private void listen() {
    HttpServer created =
        vertx
            .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
            .requestHandler(this::handle);
    HttpServer listening = await(created.listen().toCompletionStage().toCompletableFuture());
    port = listening.actualPort();
    server = listening;
  }

  private void handle(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            body -> {
              int status;
              Duration wait;
              Map<String, String> extraHeaders;
              synchronized (this) {
                status = scriptedStatuses.isEmpty() ? defaultStatus : scriptedStatuses.poll();
                wait = delay;
                extraHeaders = responseHeaders;
              }
              Runnable answer =
                  () -> {
                    record(request, body.getBytes(), status);
                    var response = request.response().setStatusCode(status);
                    extraHeaders.forEach(response::putHeader);
                    response.end(status < 300 ? "{\"ok\":true}" : "{\"ok\":false}");
                  };
              if (wait.isZero()) {
                answer.run();
              } else {
                vertx.setTimer(wait.toMillis(), id -> answer.run());
              }
            });
  }

  private void record(HttpServerRequest request, byte[] body, int status) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    request
        .headers()
        .forEach(
            e ->
                headers
                    .computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(e.getValue()));
    headers.replaceAll((k, v) -> List.copyOf(v));
    RecordedRequest recorded =
        new RecordedRequest(
            request.method().name(),
            request.path(),
            Map.copyOf(headers),
            body,
            status,
            Instant.now());
    synchronized (this) {
      requests.add(recorded);
      notifyAll();
    }
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("recording sink: " + e.getMessage(), e);
    }
  }
}
