package dev.sluice.api.compiler;

import dev.sluice.api.catalog.ActionsCatalog;
import dev.sluice.api.catalog.CatalogDestination;
import dev.sluice.api.config.DeliveryPolicy;
import dev.sluice.api.config.DestinationSettings;
import dev.sluice.api.config.TopicConfig;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.api.v1alpha1.AutoscalingSpec;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.api.v1alpha1.DestinationSpec;
import dev.sluice.api.v1alpha1.DestinationType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One Destination to its worker configuration (without Connections) and dead-letter topic. */
final class DestinationCompiler {

  /**
   * @param worker its Connections are added once they compile
   * @param deadLetterTopic null when dead-lettering is off
   */
  record Compiled(
      Destination resource, Findings findings, WorkerConfig worker, TopicConfig deadLetterTopic) {}

  private static final Map<String, DeliveryPolicy.BackoffPolicy> BACKOFF =
      Map.of(
          "exponential", DeliveryPolicy.BackoffPolicy.EXPONENTIAL,
          "linear", DeliveryPolicy.BackoffPolicy.LINEAR);
  private static final Map<String, WorkerConfig.Ordering> ORDERING =
      Map.of("key", WorkerConfig.Ordering.KEY, "none", WorkerConfig.Ordering.NONE);

  private final SettingsCompiler settings;

  DestinationCompiler(SecretValues secrets) {
    this.settings = new SettingsCompiler(secrets);
  }

  Compiled compile(Destination destination) {
    Findings findings = Findings.of(destination);
    String namespace = findings.namespace();
    String name = findings.name();
    DestinationSpec spec = destination.getSpec();
    if (spec == null) {
      findings.error("spec", "spec is required, with at least a type and its settings block");
      return new Compiled(destination, findings, null, null);
    }
    DestinationType type = spec.type();
    DestinationSettings resolved = null;
    if (type == null) {
      findings.error(
          "spec.type", "type is required: one of webhook, kafka, archive, warehouse, actions");
    } else {
      resolved = settings.compile(type, spec, findings);
    }
    String integrationName =
        Values.blank(spec.integrationName())
            ? defaultIntegrationName(type, spec)
            : spec.integrationName();
    DeliveryPolicy delivery = delivery(spec.delivery(), findings);
    int eventsPerSecond =
        Values.atLeast(
            spec.rateLimit() == null ? null : spec.rateLimit().eventsPerSecond(),
            Defaults.EVENTS_PER_SECOND,
            0,
            "spec.rateLimit.eventsPerSecond",
            findings);
    int concurrency =
        Values.between(
            spec.concurrency(), Defaults.CONCURRENCY, 1, 1000, "spec.concurrency", findings);
    WorkerConfig.Ordering ordering =
        Values.choice(spec.ordering(), ORDERING, Defaults.ORDERING, "spec.ordering", findings);
    Values.between(spec.replicas(), Defaults.REPLICAS, 0, 100, "spec.replicas", findings);
    autoscaling(spec.autoscaling(), findings);

    DestinationSpec.Deduplication dedup = spec.deduplication();
    boolean dedupEnabled =
        Values.orDefault(dedup == null ? null : dedup.enabled(), Defaults.DEDUPLICATION_ENABLED);
    Duration window =
        Values.duration(
            dedup == null ? null : dedup.window(),
            Defaults.DEDUPLICATION_WINDOW,
            true,
            "spec.deduplication.window",
            findings);
    int maxEntries =
        Values.between(
            dedup == null ? null : dedup.maxEntries(),
            Defaults.DEDUPLICATION_MAX_ENTRIES,
            1,
            10000000,
            "spec.deduplication.maxEntries",
            findings);

    if (findings.hasErrors()) {
      return new Compiled(destination, findings, null, null);
    }
    String deadLetterTopic = Names.deadLetterTopic(namespace, name);
    WorkerConfig worker =
        new WorkerConfig(
            namespace,
            name,
            integrationName,
            Names.consumerGroup(namespace, name),
            deadLetterTopic,
            resolved,
            delivery,
            eventsPerSecond,
            concurrency,
            ordering,
            dedupEnabled ? window : Duration.ZERO,
            maxEntries,
            List.of());
    TopicConfig topic =
        delivery.deadLetterEnabled()
            ? new TopicConfig(
                deadLetterTopic,
                Defaults.DEAD_LETTER_PARTITIONS,
                Defaults.TOPIC_REPLICATION_FACTOR,
                Defaults.DEAD_LETTER_RETENTION.toMillis())
            : null;
    return new Compiled(destination, findings, worker, topic);
  }

  /** Autoscaling is the operator's business; the compiler only checks its bounds. */
  private static void autoscaling(AutoscalingSpec autoscaling, Findings findings) {
    if (autoscaling == null) {
      return;
    }
    int min =
        Values.between(
            autoscaling.minReplicas(),
            Defaults.AUTOSCALING_MIN_REPLICAS,
            1,
            100,
            "spec.autoscaling.minReplicas",
            findings);
    if (autoscaling.maxReplicas() == null) {
      findings.error("spec.autoscaling.maxReplicas", "maxReplicas is required with autoscaling");
      return;
    }
    int max =
        Values.between(
            autoscaling.maxReplicas(), min, 1, 100, "spec.autoscaling.maxReplicas", findings);
    if (max < min) {
      findings.error(
          "spec.autoscaling.maxReplicas",
          "maxReplicas " + max + " is less than minReplicas " + min);
    }
    Values.atLeast(
        autoscaling.lagThreshold(),
        Defaults.AUTOSCALING_LAG_THRESHOLD,
        1,
        "spec.autoscaling.lagThreshold",
        findings);
    Values.between(
        autoscaling.cpuUtilization(),
        Defaults.AUTOSCALING_CPU_UTILIZATION,
        1,
        100,
        "spec.autoscaling.cpuUtilization",
        findings);
  }

  /** An actions destination answers to its catalog name (Actions Amplitude), as in Segment. */
  private static String defaultIntegrationName(DestinationType type, DestinationSpec spec) {
    if (type == null) {
      return "";
    }
    if (type == DestinationType.ACTIONS && spec.actions() != null) {
      return ActionsCatalog.get()
          .destination(spec.actions().destination())
          .map(CatalogDestination::name)
          .orElse(type.defaultIntegrationName());
    }
    return type.defaultIntegrationName();
  }

  private static DeliveryPolicy delivery(DestinationSpec.Delivery delivery, Findings findings) {
    DeliveryPolicy defaults = Defaults.DELIVERY;
    if (delivery == null) {
      return defaults;
    }
    Duration backoffDelay =
        Values.duration(
            delivery.backoffDelay(),
            defaults.backoffDelay(),
            false,
            "spec.delivery.backoffDelay",
            findings);
    Duration maxBackoff =
        Values.duration(
            delivery.maxBackoff(),
            defaults.maxBackoff(),
            false,
            "spec.delivery.maxBackoff",
            findings);
    if (maxBackoff.compareTo(backoffDelay) < 0) {
      findings.error(
          "spec.delivery.maxBackoff",
          "maxBackoff " + maxBackoff + " is shorter than backoffDelay " + backoffDelay);
    }
    return new DeliveryPolicy(
        Values.between(
            delivery.retry(), defaults.retry(), 0, 1000, "spec.delivery.retry", findings),
        Values.choice(
            delivery.backoffPolicy(),
            BACKOFF,
            defaults.backoffPolicy(),
            "spec.delivery.backoffPolicy",
            findings),
        backoffDelay,
        maxBackoff,
        Values.duration(
            delivery.maxRetryDuration(),
            defaults.maxRetryDuration(),
            false,
            "spec.delivery.maxRetryDuration",
            findings),
        delivery.deadLetter() == null || delivery.deadLetter().enabled() == null
            ? defaults.deadLetterEnabled()
            : delivery.deadLetter().enabled());
  }
}
