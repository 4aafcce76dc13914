package dev.sluice.bench.endtoend;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook: for every message it receives, the time from when the client was due to send it
 * ({@code properties.dueNanos}, {@link System#nanoTime} in this process) to its arrival here.
 */
final class ArrivalSink {
  private static final byte[] DUE = "\"dueNanos\":".getBytes(StandardCharsets.US_ASCII);

  private final AtomicLong arrived = new AtomicLong();
  private long[] latencies = new long[1 << 20];
  private int count;
  private volatile boolean recording;
  private HttpServer server;

  int start(Vertx vertx) {
    server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              arrived(body);
                              req.response().end("{\"ok\":true}");
                            }))
            .listen()
            .await();
    return server.actualPort();
  }

  void close() {
    server.close().await();
  }

  /** Starts a measurement: latencies recorded from now on are the phase's. */
  synchronized void record(boolean on) {
    count = 0;
    arrived.set(0);
    recording = on;
  }

  long arrived() {
    return arrived.get();
  }

  /** Waits up to {@code timeout} for {@code expected} arrivals; false if they did not all come. */
  synchronized boolean awaitArrived(long expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (long left = timeout.toNanos(); arrived.get() < expected && left > 0; ) {
      TimeUnit.NANOSECONDS.timedWait(this, left);
      left = deadline - System.nanoTime();
    }
    return arrived.get() >= expected;
  }

  /** The latency in milliseconds at {@code p} (0-1) of what was recorded. */
  synchronized double percentileMs(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(latencies, count);
    Arrays.sort(sorted);
    return sorted[(int) Math.min(count - 1, Math.ceil(p * count) - 1)] / 1e6;
  }

  private void arrived(Buffer body) {
    long now = System.nanoTime();
    byte[] bytes = body.getBytes();
    for (int i = indexOf(bytes, 0); i >= 0; i = indexOf(bytes, i)) {
      long due = 0;
      while (i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9') {
        due = due * 10 + (bytes[i++] - '0');
      }
      arrived.incrementAndGet();
      if (recording) {
        add(now - due);
      }
    }
    synchronized (this) {
      notifyAll(); // a waiter in awaitArrived looks again
    }
  }

  private synchronized void add(long nanos) {
    if (count == latencies.length) {
      latencies = Arrays.copyOf(latencies, count * 2);
    }
    latencies[count++] = nanos;
  }

  /** The index just after the next {@code "dueNanos":} from {@code from}, or -1. */
  private static int indexOf(byte[] body, int from) {
    outer:
    for (int i = from; i + DUE.length <= body.length; i++) {
      for (int j = 0; j < DUE.length; j++) {
        if (body[i + j] != DUE[j]) {
          continue outer;
        }
      }
      return i + DUE.length;
    }
    return -1;
  }
}
