package dev.sluice.bench.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** HTTP/1.1 keep-alive load: closed loop (one request per connection at a time) or fixed rate. */
final class LoadClient implements AutoCloseable {
  private final Vertx vertx;
  private final HttpClient client;
  private final int connections;
  private final int port;
  private final String authorization;

  LoadClient(Vertx vertx, int port, int connections, String authorization) {
    this.vertx = vertx;
    this.port = port;
    this.connections = connections;
    this.authorization = authorization;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setPipelining(false).setTcpNoDelay(true),
            new PoolOptions().setHttp1MaxSize(connections).setEventLoopSize(2));
  }

  /** What a phase measured. */
  record Result(
      String name,
      long requests,
      long events,
      Map<Integer, Long> statuses,
      long failures,
      double seconds,
      Latencies latencies) {
    double requestsPerSecond() {
      return requests / seconds;
    }

    double eventsPerSecond() {
      return events / seconds;
    }

    long ok() {
      return statuses.getOrDefault(200, 0L);
    }
  }

  private Future<Integer> send(String path, byte[] body) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI(path)
            .putHeader("Authorization", authorization)
            .putHeader("Content-Type", "application/json");
    return client
        .request(options)
        .compose(request -> request.send(Buffer.buffer(body)))
        .compose(response -> response.body().map(ignored -> response.statusCode()));
  }

  /** Each connection sends its next request when the previous one is answered. */
  Result closedLoop(
      String name,
      String path,
      List<byte[]> bodies,
      int eventsPerRequest,
      Duration duration,
      long maxRequests)
      throws InterruptedException {
    Latencies latencies = new Latencies((int) Math.min(maxRequests, 5_000_000));
    Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    AtomicLong failures = new AtomicLong();
    AtomicLong issued = new AtomicLong();
    CountDownLatch done = new CountDownLatch(connections);
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    for (int c = 0; c < connections; c++) {
      loop(path, bodies, deadline, maxRequests, issued, latencies, statuses, failures, done);
    }
    done.await(duration.toSeconds() + 120, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    return result(name, eventsPerRequest, statuses, failures, seconds, latencies);
  }

  private void loop(
      String path,
      List<byte[]> bodies,
      long deadline,
      long maxRequests,
      AtomicLong issued,
      Latencies latencies,
      Map<Integer, AtomicLong> statuses,
      AtomicLong failures,
      CountDownLatch done) {
    long n = issued.getAndIncrement();
    if (System.nanoTime() >= deadline || n >= maxRequests) {
      done.countDown();
      return;
    }
    long sent = System.nanoTime();
    send(path, bodies.get((int) (n % bodies.size())))
        .onComplete(
            ar -> {
              latencies.record(System.nanoTime() - sent);
              if (ar.succeeded()) {
                statuses.computeIfAbsent(ar.result(), k -> new AtomicLong()).incrementAndGet();
              } else {
                failures.incrementAndGet();
              }
              loop(
                  path, bodies, deadline, maxRequests, issued, latencies, statuses, failures, done);
            });
  }

  /**
   * Requests at a fixed rate whatever the answers do; latency counts from when each request was
   * due, so a stall shows up in the percentiles instead of slowing the sender down.
   */
  Result fixedRate(
      String name,
      String path,
      List<byte[]> bodies,
      int eventsPerRequest,
      double requestsPerSecond,
      Duration duration)
      throws InterruptedException {
    long total = (long) (requestsPerSecond * duration.toSeconds());
    Latencies latencies = new Latencies((int) Math.min(total + 1, 5_000_000));
    Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    AtomicLong failures = new AtomicLong();
    AtomicLong issued = new AtomicLong();
    CountDownLatch answered = new CountDownLatch((int) total);
    long start = System.nanoTime();
    long timer =
        vertx.setPeriodic(
            1,
            id -> {
              long due =
                  Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * requestsPerSecond));
              for (long n = issued.get(); n < due; n = issued.incrementAndGet()) {
                long scheduled = start + (long) (n / requestsPerSecond * 1e9);
                send(path, bodies.get((int) (n % bodies.size())))
                    .onComplete(
                        ar -> {
                          latencies.record(System.nanoTime() - scheduled);
                          if (ar.succeeded()) {
                            statuses
                                .computeIfAbsent(ar.result(), k -> new AtomicLong())
                                .incrementAndGet();
                          } else {
                            failures.incrementAndGet();
                          }
                          answered.countDown();
                        });
              }
            });
    answered.await(duration.toSeconds() + 120, TimeUnit.SECONDS);
    vertx.cancelTimer(timer);
    double seconds = (System.nanoTime() - start) / 1e9;
    return result(name, eventsPerRequest, statuses, failures, seconds, latencies);
  }

  private static Result result(
      String name,
      int eventsPerRequest,
      Map<Integer, AtomicLong> statuses,
      AtomicLong failures,
      double seconds,
      Latencies latencies) {
    Map<Integer, Long> counts = new TreeMap<>();
    statuses.forEach((k, v) -> counts.put(k, v.get()));
    long requests = counts.values().stream().mapToLong(Long::longValue).sum() + failures.get();
    long ok = counts.getOrDefault(200, 0L);
    return new Result(
        name, requests, ok * eventsPerRequest, counts, failures.get(), seconds, latencies);
  }

  @Override
  public void close() {
    client.close().await();
  }
}
