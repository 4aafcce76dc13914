package dev.sluice.operator.reconcile;

import dev.sluice.operator.events.Events;
import dev.sluice.operator.kafka.RecentlyEnsured;
import dev.sluice.operator.kafka.Topics;
import dev.sluice.operator.settings.OperatorSettings;
import dev.sluice.operator.status.StatusUpdate;
import java.time.Duration;

/**
 * What every reconciler works with besides the Kubernetes client its context gives it.
 *
 * @param topicDeletionTimeout how long after a Source with deletionPolicy Delete is deleted the
 *     operator keeps trying to delete its topics before it lets the Source go and leaves them
 */
public record Operations(
    OperatorSettings settings,
    Topics topics,
    RecentlyEnsured ensured,
    StatusUpdate status,
    Events events,
    Duration topicDeletionTimeout) {}
