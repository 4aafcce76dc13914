package dev.sluice.console.metrics;

import java.util.Arrays;

/**
 * A timer's histogram buckets by minute over the last hour, for percentiles of that hour. The
 * registry's buckets are cumulative since the start of the process (Prometheus style), so each tick
 * adds the difference to the current minute.
 */
final class HistogramSeries {
  private final double[] bounds;
  private final long[] minuteStamp = new long[CounterSeries.MINUTES];
  private final double[][] minutes;
  private final double[] minuteTotals = new double[CounterSeries.MINUTES];
  private double[] lastCounts;
  private double lastTotal = Double.NaN;

  /**
   * @param bounds bucket upper bounds in seconds, ascending
   */
  HistogramSeries(double[] bounds) {
    this.bounds = bounds.clone();
    this.minutes = new double[CounterSeries.MINUTES][bounds.length];
    Arrays.fill(minuteStamp, -1);
  }

  boolean sameBounds(double[] other) {
    return Arrays.equals(bounds, other);
  }

  /**
   * @param cumulative count of values at or below each bound, since the meter was registered
   * @param total every value counted, including those above the last bound
   */
  void sample(double[] cumulative, double total, long epochSecond, boolean baseline) {
    boolean reset = !Double.isNaN(lastTotal) && total < lastTotal;
    if (Double.isNaN(lastTotal) && baseline) {
      lastCounts = cumulative.clone();
      lastTotal = total;
      return;
    }
    long minute = Math.floorDiv(epochSecond, 60);
    int m = (int) Math.floorMod(minute, CounterSeries.MINUTES);
    if (minuteStamp[m] != minute) {
      minuteStamp[m] = minute;
      Arrays.fill(minutes[m], 0);
      minuteTotals[m] = 0;
    }
    for (int i = 0; i < bounds.length; i++) {
      double before = lastCounts == null || reset ? 0 : lastCounts[i];
      minutes[m][i] += cumulative[i] - before;
    }
    minuteTotals[m] += total - (Double.isNaN(lastTotal) || reset ? 0 : lastTotal);
    lastCounts = cumulative.clone();
    lastTotal = total;
  }

  /**
   * The values at the given quantiles over the last hour, in seconds, interpolated inside the
   * bucket; {@code NaN} when nothing was recorded, the last bound when a quantile lies above it.
   */
  double[] quantiles(long now, double... qs) {
    long current = Math.floorDiv(now, 60);
    double[] counts = new double[bounds.length];
    double total = 0;
    for (int i = 0; i < CounterSeries.MINUTES; i++) {
      if (minuteStamp[i] > current - CounterSeries.MINUTES && minuteStamp[i] <= current) {
        for (int b = 0; b < bounds.length; b++) {
          counts[b] += minutes[i][b];
        }
        total += minuteTotals[i];
      }
    }
    return Percentiles.of(bounds, counts, total, qs);
  }
}
