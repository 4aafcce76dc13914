package dev.sluice.operator.reconcile;

import dev.sluice.api.compiler.Compilation;
import dev.sluice.api.compiler.Compiler;
import dev.sluice.api.compiler.Diagnostic;
import dev.sluice.api.compiler.Names;
import dev.sluice.api.compiler.ResourceSet;
import dev.sluice.api.v1alpha1.Connection;
import dev.sluice.api.v1alpha1.ConnectionStatus;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.api.v1alpha1.Source;
import dev.sluice.operator.status.Readiness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Connection has no objects of its own (it is part of its Destination's worker configuration):
 * its reconciler validates it and says, in its status, whether its Destination's workers run it.
 */
// Not generation-aware: the pause annotation changes no generation but must be seen.
@ControllerConfiguration(name = "connection", generationAwareEventProcessing = false)
public class ConnectionReconciler implements Reconciler<Connection> {
  static final String SOURCES = "sources";
  static final String DESTINATIONS = "destinations";
  static final String SECRETS = "secrets";
  static final String WORKERS = "workers";

  private final Operations operations;
  private final Compiler compiler = new Compiler();

  @Inject
  public ConnectionReconciler(Operations operations) {
    this.operations = operations;
  }

  @Override
  public List<EventSource<?, Connection>> prepareEventSources(
      EventSourceContext<Connection> context) {
    return List.of(
        Informers.informer(
            context,
            Source.class,
            SOURCES,
            s ->
                Informers.primaries(
                    context,
                    s.getMetadata().getNamespace(),
                    c -> refersTo(c.getSpec() == null ? null : c.getSpec().sourceRef(), s))),
        // A Destination's status changes too (valid or not, workers available or not).
        Informers.informer(
            context,
            Destination.class,
            DESTINATIONS,
            d ->
                Informers.primaries(
                    context,
                    d.getMetadata().getNamespace(),
                    c -> refersTo(c.getSpec() == null ? null : c.getSpec().destinationRef(), d))),
        // Read only: a Secret's effect on a Destination reaches Connections through its status.
        Informers.informer(context, Secret.class, SECRETS, s -> Set.of()),
        Informers.informer(
            context,
            Deployment.class,
            WORKERS,
            DestinationReconciler.WORKER_SELECTOR,
            d -> Set.of()));
  }

  @Override
  public UpdateControl<Connection> reconcile(Connection connection, Context<Connection> context) {
    ConnectionStatus status =
        connection.getStatus() == null ? new ConnectionStatus() : connection.getStatus();
    connection.setStatus(status);
    if (Pause.isPaused(connection)) {
      return Statuses.paused(connection, status, operations.status());
    }
    boolean changed = operations.status().remove(status, "Paused");
    String namespace = connection.getMetadata().getNamespace();
    String name = connection.getMetadata().getName();
    Optional<String> destination = ConnectionTargets.destinationOf(connection);

    List<Source> sources = Informers.list(context, Source.class, SOURCES, namespace);
    List<Destination> destinations =
        Informers.list(context, Destination.class, DESTINATIONS, namespace);
    List<Connection> peers =
        context
            .getPrimaryCache()
            .list(namespace, c -> ConnectionTargets.destinationOf(c).equals(destination))
            .toList();
    Compilation compilation =
        compiler.compile(
            new ResourceSet(
                sources,
                destinations,
                peers,
                Informers.list(context, Secret.class, SECRETS, namespace)));
    List<Diagnostic> diagnostics = compilation.diagnosticsFor("Connection", namespace, name);

    Readiness readiness;
    if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
      ConnectionReasons reasons =
          new ConnectionReasons(
              namespace,
              Informers.listAllNamespaces(context, Source.class, SOURCES, s -> true),
              Informers.listAllNamespaces(context, Destination.class, DESTINATIONS, d -> true));
      readiness = reasons.of(connection, diagnostics);
    } else {
      Optional<Deployment> workers =
          Informers.get(
              context,
              Deployment.class,
              WORKERS,
              namespace,
              Names.workerDeployment(destination.orElseThrow()));
      readiness =
          WorkerReadiness.available(workers)
              ? Readiness.ready("Delivering", Reasons.warnings(diagnostics))
              : Readiness.notReady(
                  "WorkersNotAvailable",
                  "Destination "
                      + destination.get()
                      + " has no available worker yet; see its status");
    }
    return Statuses.finish(
        context.getClient(), operations, connection, status, readiness, changed, null);
  }

  private static boolean refersTo(
      dev.sluice.api.v1alpha1.LocalObjectRef ref, HasMetadata resource) {
    return ref != null && resource.getMetadata().getName().equals(ref.name());
  }
}
