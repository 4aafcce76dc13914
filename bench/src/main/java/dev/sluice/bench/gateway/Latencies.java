package dev.sluice.bench.gateway;

import java.util.Arrays;

/** Request latencies in microseconds, bounded in count; percentiles by sorting at the end. */
final class Latencies {
  private final long[] micros;
  private int count;

  Latencies(int capacity) {
    this.micros = new long[capacity];
  }

  synchronized void record(long nanos) {
    if (count < micros.length) {
      micros[count++] = nanos / 1000;
    }
  }

  synchronized int count() {
    return count;
  }

  /** The p-th percentile in milliseconds. */
  synchronized double percentileMs(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(micros, count);
    Arrays.sort(sorted);
    int index = (int) Math.min(count - 1, Math.ceil(p / 100.0 * count) - 1);
    return sorted[Math.max(0, index)] / 1000.0;
  }
}
