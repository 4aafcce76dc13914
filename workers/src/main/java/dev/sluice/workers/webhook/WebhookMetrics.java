package dev.sluice.workers.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A webhook destination's answers by HTTP status class. Prometheus name: {@code
 * sluice_worker_webhook_responses_total{namespace,destination,class}}, class {@code 2xx} to {@code
 * 5xx}, or {@code error} when no answer came (timeout, connection refused or reset, an address
 * refused). Every class is registered up front, so a rate over it exists before the first failure.
 */
public final class WebhookMetrics {
  private static final String[] CLASSES = {"error", "1xx", "2xx", "3xx", "4xx", "5xx"};

  /** For callers without a registry (tests of the connector alone); after CLASSES. */
  static final WebhookMetrics NONE = new WebhookMetrics(null, "", "");

  private final MeterRegistry registry;
  private final Counter[] counters = new Counter[CLASSES.length];

  public WebhookMetrics(MeterRegistry registry, String namespace, String destination) {
    this.registry = registry;
    if (registry != null) {
      for (int i = 0; i < CLASSES.length; i++) {
        counters[i] =
            Counter.builder("sluice.worker.webhook.responses")
                .description("Webhook answers by HTTP status class; error: no answer")
                .tag("namespace", namespace)
                .tag("destination", destination)
                .tag("class", CLASSES[i])
                .register(registry);
      }
    }
  }

  void response(int status) {
    int index = status / 100;
    count(index >= 1 && index <= 5 ? index : 0);
  }

  void error() {
    count(0);
  }

  private void count(int index) {
    if (counters[index] != null) {
      counters[index].increment();
    }
  }

  /** Removes this destination's meters, once the destination itself is gone. */
  void close() {
    if (registry != null) {
      for (Counter counter : counters) {
        registry.remove(counter);
      }
    }
  }
}
