package dev.sluice.workers.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {
  @Test
  void everyMetricSaysWhatItCountsInItsHelp() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PipelineMetrics metrics = new PipelineMetrics(registry, "shop", "hook");
    metrics.delivered("c", 1, Instant.now());
    metrics.retried("c", 1);
    metrics.deadLettered("c", 1);
    metrics.dropped("c", 1);
    metrics.filtered("c", "types");
    metrics.duplicate();
    metrics.lag(3);

    List<String> help =
        registry.scrape().lines().filter(line -> line.startsWith("# HELP sluice_worker")).toList();
    assertThat(help).hasSizeGreaterThanOrEqualTo(8);
    // "# HELP name text": a name alone is an empty help.
    assertThat(help).allSatisfy(line -> assertThat(line.split(" ", 4)).hasSize(4));
  }
}
