package dev.sluice.console.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The sampled history of the meters the console shows, by key: {@code events|ns/source}, {@code
 * rejected|ns/source|code}, {@code delivered|destination|connection} (and {@code retried}, {@code
 * dead_lettered}, {@code dropped}), {@code filtered|destination|connection|reason}; histograms
 * {@code latency|ns/destination}; gauges {@code lag|ns/destination}.
 */
public final class MetricStore {
  private static final Map<String, String> WORKER_COUNTERS =
      Map.of(
          "sluice.worker.delivered", "delivered",
          "sluice.worker.retried", "retried",
          "sluice.worker.dead.lettered", "dead_lettered",
          "sluice.worker.dropped", "dropped");

  private final Clock clock;
  private final Map<String, CounterSeries> counters = new HashMap<>();
  private final Map<String, HistogramSeries> histograms = new HashMap<>();
  private final Map<String, Double> gauges = new HashMap<>();
  private boolean sampled;

  public MetricStore(Clock clock) {
    this.clock = clock;
  }

  public long now() {
    return Math.floorDiv(clock.millis(), 1000);
  }

  /** Reads every meter the console shows from the registry. */
  public synchronized void sample(MeterRegistry registry) {
    long now = now();
    boolean baseline = !sampled;
    sampled = true;
    Map<String, Double> raw = new HashMap<>();
    for (Counter c : registry.find("sluice.gateway.events").counters()) {
      raw.merge("events|" + c.getId().getTag("source"), c.count(), Double::sum);
    }
    for (Counter c : registry.find("sluice.gateway.rejected").counters()) {
      String key = "rejected|" + c.getId().getTag("source") + "|" + c.getId().getTag("code");
      raw.merge(key, c.count(), Double::sum);
    }
    WORKER_COUNTERS.forEach(
        (name, shortName) -> {
          for (Counter c : registry.find(name).counters()) {
            String key =
                shortName + "|" + destinationId(c.getId()) + "|" + c.getId().getTag("connection");
            raw.merge(key, c.count(), Double::sum);
          }
        });
    for (Counter c : registry.find("sluice.worker.filtered").counters()) {
      String key =
          "filtered|"
              + destinationId(c.getId())
              + "|"
              + c.getId().getTag("connection")
              + "|"
              + c.getId().getTag("reason");
      raw.merge(key, c.count(), Double::sum);
    }
    raw.forEach(
        (key, value) ->
            counters.computeIfAbsent(key, k -> new CounterSeries()).sample(value, now, baseline));
    for (Timer timer : registry.find("sluice.worker.delivery.latency").timers()) {
      sampleHistogram(
          "latency|" + destinationId(timer.getId()), timer.takeSnapshot(), now, baseline);
    }
    gauges.clear();
    for (Gauge gauge : registry.find("sluice.worker.consumer.lag").gauges()) {
      gauges.put("lag|" + destinationId(gauge.getId()), gauge.value());
    }
  }

  /** A worker meter's Destination as namespace/name: names repeat across namespaces. */
  private static String destinationId(Meter.Id id) {
    return id.getTag("namespace") + "/" + id.getTag("destination");
  }

  private void sampleHistogram(String key, HistogramSnapshot snapshot, long now, boolean baseline) {
    CountAtBucket[] buckets = snapshot.histogramCounts();
    double[] bounds = new double[buckets.length];
    double[] counts = new double[buckets.length];
    for (int i = 0; i < buckets.length; i++) {
      bounds[i] = buckets[i].bucket(TimeUnit.SECONDS);
      counts[i] = buckets[i].count();
    }
    HistogramSeries series = histograms.get(key);
    if (series == null || !series.sameBounds(bounds)) {
      series = new HistogramSeries(bounds);
      histograms.put(key, series);
    }
    series.sample(counts, snapshot.count(), now, baseline);
  }

  public synchronized double lastHour(String key) {
    CounterSeries s = counters.get(key);
    return s == null ? 0 : s.lastHour(now());
  }

  public synchronized double rate(String key, int windowSeconds) {
    CounterSeries s = counters.get(key);
    return s == null ? 0 : s.rate(now(), windowSeconds);
  }

  public synchronized double[] perSecond(String key) {
    CounterSeries s = counters.get(key);
    return s == null ? new double[CounterSeries.SECONDS] : s.perSecond(now());
  }

  public synchronized double[] perMinute(String key) {
    CounterSeries s = counters.get(key);
    return s == null ? new double[CounterSeries.MINUTES] : s.perMinute(now());
  }

  /** The last hour's count of every series whose key starts with {@code prefix}, by the rest. */
  public synchronized Map<String, Double> lastHourByPrefix(String prefix) {
    Map<String, Double> out = new TreeMap<>();
    long now = now();
    counters.forEach(
        (key, series) -> {
          if (key.startsWith(prefix)) {
            out.put(key.substring(prefix.length()), series.lastHour(now));
          }
        });
    return out;
  }

  /** Sums the per-minute series of several keys (a Destination over its Connections). */
  public synchronized double[] perMinuteSum(List<String> keys) {
    double[] sum = new double[CounterSeries.MINUTES];
    long now = now();
    for (String key : keys) {
      CounterSeries s = counters.get(key);
      if (s != null) {
        double[] values = s.perMinute(now);
        for (int i = 0; i < sum.length; i++) {
          sum[i] += values[i];
        }
      }
    }
    return sum;
  }

  /** Every key starting with {@code prefix}. */
  public synchronized List<String> keys(String prefix) {
    return counters.keySet().stream().filter(k -> k.startsWith(prefix)).sorted().toList();
  }

  /** Quantiles of the last hour, in seconds; NaN when nothing was recorded. */
  public synchronized double[] quantiles(String key, double... qs) {
    HistogramSeries s = histograms.get(key);
    if (s == null) {
      double[] none = new double[qs.length];
      java.util.Arrays.fill(none, Double.NaN);
      return none;
    }
    return s.quantiles(now(), qs);
  }

  /** The gauge's value at the last sample, or null when it is not registered. */
  public synchronized Double gauge(String key) {
    return gauges.get(key);
  }
}
