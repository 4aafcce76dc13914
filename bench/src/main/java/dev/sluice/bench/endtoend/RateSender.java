package dev.sluice.bench.endtoend;

import dev.sluice.bench.gateway.Messages;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends analytics.js-style track calls of about 700 bytes to {@code /v1/track} at a fixed rate over
 * keep-alive connections, each carrying the time it was due (open loop: a late answer does not
 * delay the next request, and latency counts from when a request was due, not when it went out).
 */
final class RateSender implements AutoCloseable {
  private final Vertx vertx;
  private final HttpClient client;
  private final int port;
  private final String authorization;
  private final int batch;

  /**
   * @param batch messages per request: 1 sends {@code /v1/track} calls, more {@code /v1/batch}
   */
  RateSender(Vertx vertx, int port, int connections, String authorization, int batch) {
    this.vertx = vertx;
    this.port = port;
    this.authorization = authorization;
    this.batch = batch;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
            new PoolOptions().setHttp1MaxSize(connections).setEventLoopSize(2));
  }

  /**
   * What a phase sent: requests, statuses, requests that got no answer (by cause) and the gateway's
   * answer times in milliseconds.
   */
  record Sent(
      long requests, Map<Integer, Long> statuses, Map<String, Long> failures, double[] answerMs) {
    long failed() {
      return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    double answerPercentileMs(double p) {
      double[] sorted = answerMs.clone();
      Arrays.sort(sorted);
      return sorted.length == 0
          ? Double.NaN
          : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }
  }

  /** Sends {@code eventsPerSecond} messages a second for {@code duration}. */
  Sent run(double eventsPerSecond, Duration duration) throws InterruptedException {
    double perSecond = eventsPerSecond / batch;
    long total = (long) (perSecond * duration.toSeconds());
    double[] answers = new double[(int) total];
    Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    AtomicLong issued = new AtomicLong();
    CountDownLatch answered = new CountDownLatch((int) total);
    long start = System.nanoTime();
    long timer =
        vertx.setPeriodic(
            1,
            id -> {
              long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * perSecond));
              for (long n = issued.get(); n < due; n = issued.incrementAndGet()) {
                int index = (int) n;
                long scheduled = start + (long) (n / perSecond * 1e9);
                send(scheduled, index)
                    .onComplete(
                        ar -> {
                          answers[index] = (System.nanoTime() - scheduled) / 1e6;
                          if (ar.succeeded()) {
                            statuses
                                .computeIfAbsent(ar.result(), k -> new AtomicLong())
                                .incrementAndGet();
                          } else {
                            failures
                                .computeIfAbsent(String.valueOf(ar.cause()), k -> new AtomicLong())
                                .incrementAndGet();
                          }
                          answered.countDown();
                        });
              }
            });
    answered.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
    vertx.cancelTimer(timer);
    Map<Integer, Long> counts = new TreeMap<>();
    statuses.forEach((k, v) -> counts.put(k, v.get()));
    Map<String, Long> causes = new TreeMap<>();
    failures.forEach((k, v) -> causes.put(k, v.get()));
    return new Sent(total, counts, causes, answers);
  }

  private io.vertx.core.Future<Integer> send(long dueNanos, int n) {
    String text;
    if (batch == 1) {
      text = track(dueNanos, n);
    } else {
      StringBuilder body = new StringBuilder("{\"batch\":[");
      for (int i = 0; i < batch; i++) {
        body.append(i > 0 ? "," : "").append(track(dueNanos, n * batch + i));
      }
      text = body.append("]}").toString();
    }
    Buffer body = Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
    return client
        .request(
            new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI(batch == 1 ? "/v1/track" : "/v1/batch")
                .putHeader("Authorization", authorization)
                .putHeader("Content-Type", "application/json"))
        .compose(req -> req.send(body))
        .compose(resp -> resp.body().map(b -> resp.statusCode()));
  }

  static String track(long dueNanos, int n) {
    return Messages.track(n, "\"dueNanos\":" + dueNanos);
  }

  @Override
  public void close() {
    client.close().await();
  }
}
