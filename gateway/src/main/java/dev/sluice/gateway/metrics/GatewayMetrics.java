package dev.sluice.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Meters, each cached by its tags so the hot path does one map lookup. Prometheus names: {@code
 * sluice_gateway_requests_total{route,status}}, {@code sluice_gateway_events_total{source,type}},
 * {@code sluice_gateway_rejected_total{source,code}}, {@code
 * sluice_gateway_client_telemetry_total}, {@code sluice_gateway_kafka_send_seconds}, {@code
 * sluice_gateway_requests_aborted_total{route}} (the connection closed before an answer: the
 * client's disconnect or an idle or header timeout; no status was sent, so none is counted), {@code
 * sluice_gateway_requests_refused_total{reason}} and {@code sluice_gateway_requests_reading}
 * (admission at the headers, package admission).
 */
public final class GatewayMetrics {
  private final MeterRegistry registry;
  private final ConcurrentMap<String, Counter> requests = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> events = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> rejected = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> aborted = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> refused = new ConcurrentHashMap<>();
  private final Counter telemetry;
  private final Timer kafkaSend;
  private final Counter idleAppends;
  private final Counter busyAppends;

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.telemetry =
        Counter.builder("sluice.gateway.client.telemetry")
            .description("analytics.js telemetry posts to /v1/m")
            .register(registry);
    this.kafkaSend =
        Timer.builder("sluice.gateway.kafka.send")
            .description("time from handing a request's records to the producer to their ack")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    this.idleAppends = appends(registry, "idle");
    this.busyAppends = appends(registry, "busy");
  }

  private static Counter appends(MeterRegistry registry, String producer) {
    return Counter.builder("sluice.gateway.kafka.appends")
        .description(
            "requests handed to Kafka, by producer: idle sends at once, busy fills batches")
        .tag("producer", producer)
        .register(registry);
  }

  /**
   * What waits for Kafka's acknowledgement now, against the bound past which requests get 503
   * overloaded: the figures to watch when Kafka is slow.
   */
  public void inFlight(
      java.util.function.Supplier<Number> messages, java.util.function.Supplier<Number> bytes) {
    io.micrometer.core.instrument.Gauge.builder(
            "sluice.gateway.kafka.in.flight.messages", messages, m -> m.get().doubleValue())
        .description("messages handed to Kafka and not yet acknowledged")
        .strongReference(true)
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder(
            "sluice.gateway.kafka.in.flight.bytes", bytes, b -> b.get().doubleValue())
        .description("bytes handed to Kafka and not yet acknowledged (as the bound counts them)")
        .baseUnit("bytes")
        .strongReference(true)
        .register(registry);
  }

  public void request(String route, int status) {
    requests
        .computeIfAbsent(
            route + '\u0000' + status,
            k ->
                Counter.builder("sluice.gateway.requests")
                    .description("HTTP requests by route and status")
                    .tag("route", route)
                    .tag("status", Integer.toString(status))
                    .register(registry))
        .increment();
  }

  /** A message-carrying request refused at its headers (package admission), by why. */
  public void refused(String reason) {
    refused
        .computeIfAbsent(
            reason,
            k ->
                Counter.builder("sluice.gateway.requests.refused")
                    .description(
                        "requests answered 503 overloaded at their headers, before any reading or"
                            + " parsing: in_flight (Kafka's bound reached) or reading (the event"
                            + " loop reads and parses its bound of requests)")
                    .tag("reason", reason)
                    .register(registry))
        .increment();
  }

  /** Requests whose body is being read or parsed now, over every event loop. */
  public void reading(java.util.function.Supplier<Number> reading) {
    io.micrometer.core.instrument.Gauge.builder(
            "sluice.gateway.requests.reading", reading, r -> r.get().doubleValue())
        .description("message-carrying requests admitted and not yet read and parsed")
        .strongReference(true)
        .register(registry);
  }

  public void aborted(String route) {
    aborted
        .computeIfAbsent(
            route,
            k ->
                Counter.builder("sluice.gateway.requests.aborted")
                    .description("requests whose connection closed before an answer was sent")
                    .tag("route", route)
                    .register(registry))
        .increment();
  }

  public void events(String source, String type, int count) {
    events
        .computeIfAbsent(
            source + '\u0000' + type,
            k ->
                Counter.builder("sluice.gateway.events")
                    .description("messages logged to Kafka by Source and type")
                    .tag("source", source)
                    .tag("type", type)
                    .register(registry))
        .increment(count);
  }

  public void rejected(String source, String code) {
    rejected
        .computeIfAbsent(
            source + '\u0000' + code,
            k ->
                Counter.builder("sluice.gateway.rejected")
                    .description("messages rejected on ingest by Source and code")
                    .tag("source", source)
                    .tag("code", code)
                    .register(registry))
        .increment();
  }

  public void telemetry() {
    telemetry.increment();
  }

  /** One request's records went to the idle producer (sent at once) or the busy one. */
  public void kafkaAppend(boolean idle) {
    (idle ? idleAppends : busyAppends).increment();
  }

  public void kafkaSend(long nanos) {
    kafkaSend.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }
}
