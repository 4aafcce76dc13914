package dev.sluice.bench.workers;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback webhook receiver that only counts events (one per {@code "messageId"}) and, when
 * asked, records each event's latency from its {@code receivedAt}. Lighter than the recording sink,
 * so the receiver is not what is measured.
 */
final class CountingSink {
  private static final byte[] ID = "\"messageId\"".getBytes(StandardCharsets.UTF_8);
  private static final String RECEIVED = "\"receivedAt\":\"";

  private final AtomicLong events = new AtomicLong();
  private volatile long firstNanos;
  private volatile long lastNanos;
  private long[] latenciesMicros = new long[1 << 20];
  private int latencyCount;
  private volatile boolean recordLatency;
  private HttpServer server;

  int start(Vertx vertx) {
    server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
            .requestHandler(
                req -> {
                  // Renamed so that ThreadCpu and the JFR breakdown do not count the receiver's
                  // loop as the contender's (both Vert.x instances name their loops alike).
                  if (Thread.currentThread().getName().startsWith("vert.x-")) {
                    Thread.currentThread().setName("bench-sink-loop");
                  }
                  req.body()
                      .onSuccess(
                          body -> {
                            count(body);
                            req.response().end("{\"ok\":true}");
                          });
                })
            .listen()
            .await();
    return server.actualPort();
  }

  void close() {
    server.close().await();
  }

  synchronized void reset(boolean latency) {
    events.set(0);
    firstNanos = 0;
    lastNanos = 0;
    latencyCount = 0;
    recordLatency = latency;
  }

  long events() {
    return events.get();
  }

  /** Events per second between the first and the last event received. */
  double rate() {
    long span = lastNanos - firstNanos;
    return span <= 0 ? 0 : (events.get() - 1) * 1e9 / span;
  }

  synchronized long percentileMicros(double p) {
    long[] copy = Arrays.copyOf(latenciesMicros, latencyCount);
    Arrays.sort(copy);
    return copy.length == 0
        ? -1
        : copy[(int) Math.min(copy.length - 1, Math.ceil(p * copy.length) - 1)];
  }

  private void count(Buffer body) {
    long now = System.nanoTime();
    byte[] bytes = body.getBytes();
    int n = occurrences(bytes);
    if (firstNanos == 0) {
      firstNanos = now;
    }
    lastNanos = now;
    events.addAndGet(n);
    if (recordLatency) {
      String text = new String(bytes, StandardCharsets.UTF_8);
      Instant nowInstant = Instant.now();
      long nowMicros = nowInstant.getEpochSecond() * 1_000_000 + nowInstant.getNano() / 1000;
      int from = 0;
      while ((from = text.indexOf(RECEIVED, from)) >= 0) {
        int start = from + RECEIVED.length();
        int end = text.indexOf('"', start);
        Instant at = Instant.parse(text.substring(start, end));
        long micros = at.getEpochSecond() * 1_000_000 + at.getNano() / 1000;
        record(Math.max(0, nowMicros - micros));
        from = end;
      }
    }
  }

  private synchronized void record(long micros) {
    if (latencyCount == latenciesMicros.length) {
      latenciesMicros = Arrays.copyOf(latenciesMicros, latencyCount * 2);
    }
    latenciesMicros[latencyCount++] = micros;
  }

  private static int occurrences(byte[] body) {
    int n = 0;
    outer:
    for (int i = 0; i + ID.length <= body.length; i++) {
      for (int j = 0; j < ID.length; j++) {
        if (body[i + j] != ID[j]) {
          continue outer;
        }
      }
      n++;
    }
    return n;
  }
}
