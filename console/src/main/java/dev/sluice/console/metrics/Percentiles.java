package dev.sluice.console.metrics;

/** Quantiles from cumulative bucket counts, as Prometheus' {@code histogram_quantile} does. */
final class Percentiles {
  private Percentiles() {}

  /**
   * @param bounds upper bounds, ascending
   * @param cumulative values at or below each bound
   * @param total all values, including those above the last bound
   */
  static double[] of(double[] bounds, double[] cumulative, double total, double... qs) {
    double[] out = new double[qs.length];
    for (int q = 0; q < qs.length; q++) {
      out[q] = quantile(bounds, cumulative, total, qs[q]);
    }
    return out;
  }

  private static double quantile(double[] bounds, double[] cumulative, double total, double q) {
    if (total <= 0 || bounds.length == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double previousBound = 0;
    double previousCount = 0;
    for (int i = 0; i < bounds.length; i++) {
      if (cumulative[i] >= rank) {
        double inBucket = cumulative[i] - previousCount;
        double share = inBucket <= 0 ? 1 : (rank - previousCount) / inBucket;
        return previousBound + (bounds[i] - previousBound) * share;
      }
      previousBound = bounds[i];
      previousCount = cumulative[i];
    }
    return bounds[bounds.length - 1];
  }
}
