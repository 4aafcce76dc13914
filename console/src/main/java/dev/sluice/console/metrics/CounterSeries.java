package dev.sluice.console.metrics;

/**
 * One counter's increments by second (the last 120 s) and by minute (the last 60 min). Buckets are
 * rings indexed by time with a stamp each, so a missed tick leaves an empty bucket instead of
 * shifting the history. Not thread-safe: {@link MetricStore} guards it.
 */
final class CounterSeries {
  static final int SECONDS = 120;
  static final int MINUTES = 60;

  private final long[] secondStamp = new long[SECONDS];
  private final double[] seconds = new double[SECONDS];
  private final long[] minuteStamp = new long[MINUTES];
  private final double[] minutes = new double[MINUTES];
  private double lastRaw = Double.NaN;

  CounterSeries() {
    java.util.Arrays.fill(secondStamp, -1);
    java.util.Arrays.fill(minuteStamp, -1);
  }

  /**
   * Records the counter's current value.
   *
   * @param baseline true on the sampler's first tick: what was counted before it is not placed in
   *     time, so it is not counted at all
   */
  void sample(double raw, long epochSecond, boolean baseline) {
    double delta;
    if (Double.isNaN(lastRaw)) {
      delta = baseline ? 0 : raw; // a meter that appeared since the last tick
    } else if (raw < lastRaw) {
      delta = raw; // the meter was removed and registered again (a pipeline restarted)
    } else {
      delta = raw - lastRaw;
    }
    lastRaw = raw;
    add(delta, epochSecond);
  }

  void add(double delta, long epochSecond) {
    int s = (int) Math.floorMod(epochSecond, SECONDS);
    if (secondStamp[s] != epochSecond) {
      secondStamp[s] = epochSecond;
      seconds[s] = 0;
    }
    seconds[s] += delta;
    long minute = Math.floorDiv(epochSecond, 60);
    int m = (int) Math.floorMod(minute, MINUTES);
    if (minuteStamp[m] != minute) {
      minuteStamp[m] = minute;
      minutes[m] = 0;
    }
    minutes[m] += delta;
  }

  /** Increments of each of the last 120 seconds up to {@code now}, oldest first. */
  double[] perSecond(long now) {
    double[] out = new double[SECONDS];
    for (int i = 0; i < SECONDS; i++) {
      long second = now - (SECONDS - 1) + i;
      int s = (int) Math.floorMod(second, SECONDS);
      out[i] = secondStamp[s] == second ? seconds[s] : 0;
    }
    return out;
  }

  /** Increments of each of the last 60 minutes up to the one holding {@code now}, oldest first. */
  double[] perMinute(long now) {
    long current = Math.floorDiv(now, 60);
    double[] out = new double[MINUTES];
    for (int i = 0; i < MINUTES; i++) {
      long minute = current - (MINUTES - 1) + i;
      int m = (int) Math.floorMod(minute, MINUTES);
      out[i] = minuteStamp[m] == minute ? minutes[m] : 0;
    }
    return out;
  }

  double lastHour(long now) {
    double sum = 0;
    for (double v : perMinute(now)) {
      sum += v;
    }
    return sum;
  }

  /** The average per second over the {@code window} seconds before {@code now}. */
  double rate(long now, int window) {
    double[] s = perSecond(now - 1); // the current second is still filling
    double sum = 0;
    for (int i = SECONDS - window; i < SECONDS; i++) {
      sum += s[i];
    }
    return sum / window;
  }
}
