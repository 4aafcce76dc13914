package dev.sluice.operator.reconcile;

import dev.sluice.operator.events.Events;
import dev.sluice.operator.kafka.Topics;
import dev.sluice.operator.settings.OperatorSettings;
import dev.sluice.operator.status.StatusUpdate;

/** What every reconciler works with besides the Kubernetes client its context gives it. */
public record Operations(
    OperatorSettings settings, Topics topics, StatusUpdate status, Events events) {}
