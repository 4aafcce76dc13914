package dev.sluice.operator.reconcile;

import dev.sluice.api.compiler.Names;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.api.v1alpha1.Source;
import dev.sluice.operator.kafka.TopicException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.filter.GenericFilter;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Source's {@code deletionPolicy: Delete}: its topics go with it. A controller of its own, so
 * that only such Sources carry a finalizer: it sees only them (and Sources still carrying its
 * finalizer), JOSDK adds the finalizer before anything else, and {@link #cleanup} runs when one is
 * deleted. The finalizer never outlives {@link Operations#topicDeletionTimeout()} after the
 * deletion: when Kafka cannot be reached by then the Source goes anyway, with a Warning event
 * naming the topics left behind, so a namespace's deletion is never held up for long.
 */
// Not triggerReconcilerOnAllEvents with a hand-kept finalizer: the Quarkus Operator SDK 7.7.3
// does not pass that setting on to JOSDK.
@ControllerConfiguration(
    name = "source-topics",
    finalizerName = SourceTopicsReconciler.FINALIZER,
    generationAwareEventProcessing = false,
    informer = @Informer(genericFilter = SourceTopicsReconciler.Concerned.class))
public class SourceTopicsReconciler implements Reconciler<Source>, Cleaner<Source> {
  public static final String FINALIZER = "sluice.dev/topic-deletion";

  private static final Duration RETRY = Duration.ofSeconds(15);

  private final Operations operations;

  @Inject
  public SourceTopicsReconciler(Operations operations) {
    this.operations = operations;
  }

  /** The Sources this controller handles: Delete ones, and any still carrying its finalizer. */
  public static final class Concerned implements GenericFilter<Source> {
    @Override
    public boolean accept(Source source) {
      return deletesTopics(source) || source.hasFinalizer(FINALIZER);
    }
  }

  static boolean deletesTopics(Source source) {
    return source.getSpec() != null && "Delete".equals(source.getSpec().deletionPolicy());
  }

  /** JOSDK has added the finalizer; a Source whose policy went back to Retain loses it. */
  @Override
  public UpdateControl<Source> reconcile(Source source, Context<Source> context) {
    if (!deletesTopics(source)) {
      removeFinalizer(source, context);
    }
    return UpdateControl.noUpdate();
  }

  @Override
  public DeleteControl cleanup(Source source, Context<Source> context) {
    String namespace = source.getMetadata().getNamespace();
    List<String> topics =
        ownTopics(
            source,
            context.getPrimaryCache().list(namespace).toList(),
            context
                .getClient()
                .resources(Destination.class)
                .inNamespace(namespace)
                .list()
                .getItems());
    try {
      operations.topics().delete(topics);
      // A Source made again with the same name must get its topics at once.
      topics.forEach(operations.ensured()::forget);
      operations
          .events()
          .normal(
              context.getClient(),
              source,
              "TopicDeleted",
              "deletionPolicy is Delete: deleted " + String.join(", ", topics));
    } catch (TopicException e) {
      // The deadline comes from the deletion itself: no bookkeeping, and it survives restarts.
      Instant deadline =
          Instant.parse(source.getMetadata().getDeletionTimestamp())
              .plus(operations.topicDeletionTimeout());
      Duration left = Duration.between(Instant.now(), deadline);
      if (!left.isNegative() && !left.isZero()) {
        return DeleteControl.noFinalizerRemoval()
            .rescheduleAfter(left.compareTo(RETRY) < 0 ? left : RETRY);
      }
      operations
          .events()
          .warning(
              context.getClient(),
              source,
              "TopicLeft",
              "could not delete "
                  + String.join(", ", topics)
                  + " within "
                  + operations.topicDeletionTimeout()
                  + " of the Source's deletion ("
                  + e.getMessage()
                  + "); they stay in Kafka: delete them by hand");
    }
    removeFinalizer(source, context);
    return DeleteControl.noFinalizerRemoval();
  }

  /**
   * Removes the finalizer ourselves rather than through JOSDK: JOSDK caches the answer to its
   * patch, which for an object deleted by that patch may have no body. A JSON patch that tests the
   * entry it removes, without a resourceVersion, so a status write in between is no conflict.
   */
  private static void removeFinalizer(Source source, Context<Source> context) {
    int index = source.getMetadata().getFinalizers().indexOf(FINALIZER);
    if (index < 0) {
      return;
    }
    String path = "/metadata/finalizers/" + index;
    String patch =
        "[{\"op\":\"test\",\"path\":\""
            + path
            + "\",\"value\":\""
            + FINALIZER
            + "\"},{\"op\":\"remove\",\"path\":\""
            + path
            + "\"}]";
    try {
      context
          .getClient()
          .resources(Source.class)
          .inNamespace(source.getMetadata().getNamespace())
          .withName(source.getMetadata().getName())
          .patch(PatchContext.of(PatchType.JSON), patch);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /**
   * The topics the Source owns: its messages and its rejected messages, unless another resource of
   * the namespace uses the same name (a Source named {@code a.rejected} has the topic of Source
   * {@code a}'s rejected messages).
   */
  private static List<String> ownTopics(
      Source source, List<Source> peers, List<Destination> destinations) {
    String namespace = source.getMetadata().getNamespace();
    String name = source.getMetadata().getName();
    Set<String> others = new HashSet<>();
    for (Source peer : peers) {
      if (!peer.getMetadata().getName().equals(name)) {
        others.add(Names.sourceTopic(namespace, peer.getMetadata().getName()));
        others.add(Names.rejectedTopic(namespace, peer.getMetadata().getName()));
      }
    }
    for (Destination destination : destinations) {
      others.add(Names.deadLetterTopic(namespace, destination.getMetadata().getName()));
    }
    List<String> own = new ArrayList<>();
    for (String topic :
        List.of(Names.sourceTopic(namespace, name), Names.rejectedTopic(namespace, name))) {
      if (!others.contains(topic)) {
        own.add(topic);
      }
    }
    return own;
  }
}
