package dev.sluice.console.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The store reads the same registry the gateway and pipelines write, as Prometheus keeps it. */
class MetricStoreTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MetricStore store = new MetricStore(clock);

  @Test
  void countsWhatHappenedSinceTheFirstSampleBySecondAndMinute() {
    Counter events = events("default/web-shop", "track");
    events.increment(7); // before the console started: not placed in time, not counted
    store.sample(registry);
    clock.advance(Duration.ofSeconds(1));
    events.increment(5);
    events("default/web-shop", "identify").increment(2);
    store.sample(registry);

    assertThat(store.lastHour("events|default/web-shop")).isEqualTo(7 - 7 + 5 + 2);
    double[] seconds = store.perSecond("events|default/web-shop");
    assertThat(seconds).hasSize(120);
    assertThat(seconds[119]).isEqualTo(7);
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.rate("events|default/web-shop", 10)).isCloseTo(0.7, within(1e-9));

    clock.advance(Duration.ofMinutes(61));
    store.sample(registry);
    assertThat(store.lastHour("events|default/web-shop")).isZero();
  }

  @Test
  void aMeterRegisteredAgainStartsFromZeroWithoutGoingBackwards() {
    Counter delivered = worker("sluice.worker.delivered", "hook", "c");
    store.sample(registry);
    delivered.increment(10);
    clock.advance(Duration.ofSeconds(1));
    store.sample(registry);
    registry.remove(delivered);
    worker("sluice.worker.delivered", "hook", "c").increment(3);
    clock.advance(Duration.ofSeconds(1));
    store.sample(registry);
    assertThat(store.lastHour("delivered|default/hook|c")).isEqualTo(13);
  }

  @Test
  void destinationsOfTheSameNameInTwoNamespacesAreCountedApart() {
    store.sample(registry);
    worker("sluice.worker.delivered", "shop", "hook", "c").increment(2);
    worker("sluice.worker.delivered", "blog", "hook", "c").increment(5);
    clock.advance(Duration.ofSeconds(1));
    store.sample(registry);
    assertThat(store.lastHour("delivered|shop/hook|c")).isEqualTo(2);
    assertThat(store.lastHour("delivered|blog/hook|c")).isEqualTo(5);
  }

  @Test
  void filteredCountsKeepTheirReason() {
    store.sample(registry);
    Counter.builder("sluice.worker.filtered")
        .tag("namespace", "default")
        .tag("destination", "hook")
        .tag("connection", "c")
        .tag("reason", "type")
        .register(registry)
        .increment(4);
    clock.advance(Duration.ofSeconds(1));
    store.sample(registry);
    assertThat(store.lastHourByPrefix("filtered|default/hook|c|")).containsEntry("type", 4.0);
  }

  @Test
  void latencyPercentilesComeFromTheLastHoursHistogram() {
    Timer latency =
        Timer.builder("sluice.worker.delivery.latency")
            .tag("namespace", "default")
            .tag("destination", "hook")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);
    latency.record(Duration.ofSeconds(30)); // before the first sample: left out
    store.sample(registry);
    for (int i = 0; i < 99; i++) {
      latency.record(Duration.ofMillis(20));
    }
    latency.record(Duration.ofSeconds(4));
    clock.advance(Duration.ofSeconds(1));
    store.sample(registry);

    double[] q = store.quantiles("latency|default/hook", 0.5, 0.99, 1.0);
    assertThat(q[0]).isBetween(0.010, 0.030);
    assertThat(q[1]).isBetween(0.010, 0.030);
    assertThat(q[2]).isBetween(3.0, 6.0);
    assertThat(store.quantiles("latency|default/none", 0.5)[0]).isNaN();
  }

  @Test
  void lagIsTheGaugesLastValue() {
    java.util.concurrent.atomic.AtomicLong lag = new java.util.concurrent.atomic.AtomicLong(42);
    io.micrometer.core.instrument.Gauge.builder(
            "sluice.worker.consumer.lag", lag, Number::doubleValue)
        .tag("namespace", "default")
        .tag("destination", "hook")
        .register(registry);
    store.sample(registry);
    assertThat(store.gauge("lag|default/hook")).isEqualTo(42.0);
    assertThat(store.gauge("lag|default/other")).isNull();
  }

  private Counter events(String source, String type) {
    return Counter.builder("sluice.gateway.events")
        .tag("source", source)
        .tag("type", type)
        .register(registry);
  }

  private Counter worker(String name, String destination, String connection) {
    return worker(name, "default", destination, connection);
  }

  private Counter worker(String name, String namespace, String destination, String connection) {
    return Counter.builder(name)
        .tag("namespace", namespace)
        .tag("destination", destination)
        .tag("connection", connection)
        .register(registry);
  }

  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
