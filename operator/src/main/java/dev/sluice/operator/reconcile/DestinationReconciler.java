package dev.sluice.operator.reconcile;

import dev.sluice.api.compiler.Compilation;
import dev.sluice.api.compiler.Compiler;
import dev.sluice.api.compiler.Diagnostic;
import dev.sluice.api.compiler.Names;
import dev.sluice.api.compiler.ResourceSet;
import dev.sluice.api.config.TopicConfig;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.api.v1alpha1.Connection;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.api.v1alpha1.DestinationStatus;
import dev.sluice.api.v1alpha1.Source;
import dev.sluice.operator.kafka.TopicException;
import dev.sluice.operator.model.Labels;
import dev.sluice.operator.model.LastGood;
import dev.sluice.operator.model.WorkerAutoscaler;
import dev.sluice.operator.model.WorkerModel;
import dev.sluice.operator.notices.OAuthSecretNotice;
import dev.sluice.operator.notices.WorkerNotices;
import dev.sluice.operator.status.Readiness;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Destination becomes a worker Deployment and a Secret with its own compiled configuration (its
 * Connections included), plus its dead-letter topic. A Destination with errors keeps its last good
 * worker running untouched.
 */
// Not generation-aware: the pause annotation changes no generation but must be seen.
@ControllerConfiguration(name = "destination", generationAwareEventProcessing = false)
public class DestinationReconciler implements Reconciler<Destination> {
  static final String SOURCES = "sources";
  static final String CONNECTIONS = "connections";
  static final String SECRETS = "secrets";
  static final String WORKERS = "workers";
  static final String WORKER_SELECTOR =
      Labels.COMPONENT
          + "="
          + WorkerModel.COMPONENT
          + ","
          + Labels.MANAGED_BY
          + "="
          + Labels.MANAGER;

  /** How often an actions Destination with OAuth asks its workers whether its Secret is stale. */
  static final Duration NOTICE_POLL = Duration.ofMinutes(1);

  private final Operations operations;
  private final WorkerNotices notices;
  private final Compiler compiler = new Compiler();
  private final ConnectionTargets targets = new ConnectionTargets();

  @Inject
  public DestinationReconciler(Operations operations) {
    this(operations, new WorkerNotices(WorkerNotices::podAddress));
  }

  /** With the workers' notices read from elsewhere than the pods' own addresses (tests). */
  public DestinationReconciler(Operations operations, WorkerNotices notices) {
    this.operations = operations;
    this.notices = notices;
  }

  @Override
  public List<EventSource<?, Destination>> prepareEventSources(
      EventSourceContext<Destination> context) {
    InformerEventSource<Connection, Destination> connections =
        Informers.informer(context, Connection.class, CONNECTIONS, targets::destinationsOf);
    return List.of(
        // A Source's change can make its Connections (in)valid: the Destinations they feed.
        Informers.informer(
            context,
            Source.class,
            SOURCES,
            s ->
                connections
                    .list(
                        s.getMetadata().getNamespace(),
                        c ->
                            c.getSpec() != null
                                && c.getSpec().sourceRef() != null
                                && s.getMetadata().getName().equals(c.getSpec().sourceRef().name()))
                    .flatMap(c -> ConnectionTargets.destinationOf(c).stream())
                    .map(d -> new ResourceID(d, s.getMetadata().getNamespace()))
                    .collect(java.util.stream.Collectors.toSet())),
        connections,
        Informers.informer(
            context,
            Secret.class,
            SECRETS,
            secret ->
                isOurs(secret)
                    ? Set.<ResourceID>of()
                    : Informers.primaries(
                        context,
                        secret.getMetadata().getNamespace(),
                        d ->
                            SecretRefs.of(d.getSpec()).contains(secret.getMetadata().getName())
                                || KafkaPropertiesDigest.isIt(secret, operations.settings()))),
        Informers.informer(
            context,
            Deployment.class,
            WORKERS,
            WORKER_SELECTOR,
            Mappers.fromOwnerReferences(context.getPrimaryResourceClass())));
  }

  @Override
  public UpdateControl<Destination> reconcile(
      Destination destination, Context<Destination> context) {
    DestinationStatus status =
        destination.getStatus() == null ? new DestinationStatus() : destination.getStatus();
    destination.setStatus(status);
    if (Pause.isPaused(destination)) {
      return Statuses.paused(destination, status, operations.status());
    }
    boolean changed = operations.status().remove(status, "Paused");
    String namespace = destination.getMetadata().getNamespace();
    String name = destination.getMetadata().getName();

    List<Connection> feeding =
        Informers.list(context, Connection.class, CONNECTIONS, namespace).stream()
            .filter(c -> ConnectionTargets.destinationOf(c).equals(Optional.of(name)))
            .toList();
    Compilation compilation =
        compiler.compile(
            new ResourceSet(
                Informers.list(context, Source.class, SOURCES, namespace),
                context.getPrimaryCache().list(namespace).toList(),
                feeding,
                Informers.list(context, Secret.class, SECRETS, namespace)));
    List<Diagnostic> diagnostics = compilation.diagnosticsFor("Destination", namespace, name);
    Optional<WorkerConfig> worker =
        compilation.workers().stream().filter(w -> w.destination().equals(name)).findFirst();

    Readiness readiness;
    Duration retry = null;
    if (worker.isEmpty()) {
      readiness =
          Readiness.notReady(
              Reasons.forDestination(diagnostics),
              Reasons.message(diagnostics) + " (the last good configuration keeps running)");
    } else {
      Optional<Secret> running =
          Informers.get(context, Secret.class, SECRETS, namespace, Names.workerSecret(name));
      WorkerConfig config =
          LastGood.worker(
              worker.get(),
              running.map(WorkerModel::configText).orElse(null),
              brokenConnections(compilation, feeding));
      WorkerModel model =
          WorkerModel.of(
              destination,
              config,
              operations.settings(),
              KafkaPropertiesDigest.of(context, operations.settings(), SECRETS, namespace));
      Applier applier = new Applier(context.getClient());
      ResourceID primary = ResourceID.fromResource(destination);
      applier.apply(
          model.secret(), running, Informers.named(context, Secret.class, SECRETS), primary);
      Optional<Deployment> current =
          Informers.get(
              context, Deployment.class, WORKERS, namespace, Names.workerDeployment(name));
      Deployment desired = model.deployment();
      if (current.isPresent() && Rollouts.restarts(current.get(), desired)) {
        operations
            .events()
            .normal(
                context.getClient(),
                destination,
                "RollingOut",
                "the worker's image, command, resources or Kafka settings changed: its pods"
                    + " restart");
      }
      // With autoscaling the Deployment leaves replicas to the autoscaler; a full replace must
      // still send a count: the one running now.
      applier.apply(
          desired,
          current,
          Informers.named(context, Deployment.class, WORKERS),
          primary,
          context.getClient()::resource,
          d -> {
            if (d.getSpec().getReplicas() == null) {
              d.getSpec()
                  .setReplicas(
                      current.map(c -> c.getSpec().getReplicas()).orElse(model.minimumReplicas()));
            }
          });
      String autoscaler =
          Autoscalers.reconcile(
              context.getClient(),
              applier,
              destination,
              WorkerAutoscaler.of(destination, config, operations.settings()),
              status.getAutoscaler());
      if (!Objects.equals(autoscaler, status.getAutoscaler())) {
        changed = true;
        status.setAutoscaler(autoscaler);
        if (autoscaler != null) {
          operations
              .events()
              .normal(
                  context.getClient(),
                  destination,
                  "Autoscaling",
                  Autoscalers.describe(autoscaler));
        }
      }
      if (!config.consumerGroup().equals(status.getConsumerGroup())) {
        changed = true;
        status.setConsumerGroup(config.consumerGroup());
      }
      try {
        Optional<TopicConfig> deadLetter =
            compilation.topics().stream()
                .filter(t -> t.name().equals(worker.get().deadLetterTopic()))
                .findFirst();
        if (deadLetter.isPresent()) {
          TopicEvents.record(
              context.getClient(),
              operations.events(),
              destination,
              operations.topics().ensure(List.of(deadLetter.get()), operations.ensured()));
        }
        readiness = WorkerReadiness.of(model.minimumReplicas(), current, diagnostics);
      } catch (TopicException e) {
        readiness = Readiness.notReady("KafkaUnavailable", e.getMessage());
        retry = Duration.ofSeconds(30);
      }
    }
    if (OAuthSecretNotice.applies(destination) && worker.isPresent()) {
      changed |= staleSecret(destination, status, context);
      retry = retry == null ? NOTICE_POLL : retry;
    } else {
      changed |= operations.status().remove(status, OAuthSecretNotice.CONDITION);
    }
    return Statuses.finish(
        context.getClient(), operations, destination, status, readiness, changed, retry);
  }

  /**
   * Sets OAuthSecretStale from what the ready workers say (decision 0144), with a Warning event
   * when it turns True.
   */
  private boolean staleSecret(
      Destination destination, DestinationStatus status, Context<Destination> context) {
    String namespace = destination.getMetadata().getNamespace();
    Optional<Readiness> condition =
        OAuthSecretNotice.condition(
            destination,
            notices.read(context.getClient(), namespace, destination.getMetadata().getName()));
    if (condition.isEmpty()) {
      return false;
    }
    boolean wasStale =
        status.getConditions().stream()
            .anyMatch(
                c ->
                    OAuthSecretNotice.CONDITION.equals(c.getType())
                        && "True".equals(c.getStatus()));
    boolean changed =
        operations
            .status()
            .apply(destination, status, OAuthSecretNotice.CONDITION, condition.get());
    if (condition.get().isReady() && !wasStale) {
      operations
          .events()
          .warning(
              context.getClient(),
              destination,
              OAuthSecretNotice.CONDITION,
              condition.get().message());
    }
    return changed;
  }

  /**
   * Connections whose own spec does not compile (filter, transform, start). One whose Source is
   * gone or broken is not kept: there is nothing good to deliver from.
   */
  private static Set<String> brokenConnections(Compilation compilation, List<Connection> feeding) {
    Set<String> broken = new HashSet<>();
    for (Connection connection : feeding) {
      String name = connection.getMetadata().getName();
      boolean ownSpec =
          compilation
              .diagnosticsFor("Connection", connection.getMetadata().getNamespace(), name)
              .stream()
              .filter(Diagnostic::isError)
              .anyMatch(d -> !d.field().startsWith("spec.sourceRef"));
      if (ownSpec) {
        broken.add(name);
      }
    }
    return broken;
  }

  private static boolean isOurs(Secret secret) {
    var labels = secret.getMetadata().getLabels();
    return labels != null && Labels.MANAGER.equals(labels.get(Labels.MANAGED_BY));
  }
}
