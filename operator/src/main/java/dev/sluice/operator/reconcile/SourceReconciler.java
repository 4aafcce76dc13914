package dev.sluice.operator.reconcile;

import dev.sluice.api.compiler.Compilation;
import dev.sluice.api.compiler.Compiler;
import dev.sluice.api.compiler.Diagnostic;
import dev.sluice.api.compiler.Names;
import dev.sluice.api.compiler.ResourceSet;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.TopicConfig;
import dev.sluice.api.config.WriteKeys;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.api.v1alpha1.Source;
import dev.sluice.api.v1alpha1.SourceStatus;
import dev.sluice.operator.kafka.TopicException;
import dev.sluice.operator.model.GatewayModel;
import dev.sluice.operator.model.Labels;
import dev.sluice.operator.model.LastGood;
import dev.sluice.operator.status.Readiness;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Source becomes its Kafka topics, its generated write key (when it names none), and its route in
 * the namespace's gateway. Every Source of a namespace renders the same gateway, so any of them
 * reconciling brings the gateway up to date, also after another Source was deleted.
 */
// Not generation-aware: the pause annotation changes no generation but must be seen.
@ControllerConfiguration(name = "source", generationAwareEventProcessing = false)
public class SourceReconciler implements Reconciler<Source> {
  static final String PEERS = "sources";
  static final String DESTINATIONS = "destinations";
  static final String SECRETS = "secrets";
  static final String GATEWAY_DEPLOYMENT = "gateway-deployment";
  static final String GATEWAY_CONFIG_MAP = "gateway-config-map";
  static final String GATEWAY_SERVICE = "gateway-service";
  static final String GATEWAY_SELECTOR =
      Labels.COMPONENT
          + "="
          + GatewayModel.COMPONENT
          + ","
          + Labels.MANAGED_BY
          + "="
          + Labels.MANAGER;

  private final Operations operations;
  private final Compiler compiler = new Compiler();
  private final Map<String, Object> gatewayLocks = new ConcurrentHashMap<>();
  private final GatewayMemo gatewayMemo = new GatewayMemo();
  private final Set<String> budgetsChecked = ConcurrentHashMap.newKeySet();

  @Inject
  public SourceReconciler(Operations operations) {
    this.operations = operations;
  }

  @Override
  public List<EventSource<?, Source>> prepareEventSources(EventSourceContext<Source> context) {
    return List.of(
        // Any Source's change (a deletion too) changes the gateway every Source renders.
        Informers.informer(
            context,
            Source.class,
            PEERS,
            s -> Informers.primaries(context, s.getMetadata().getNamespace(), p -> true)),
        // Read for topic collisions only; a Destination's change is its own reconciler's business.
        Informers.informer(context, Destination.class, DESTINATIONS, d -> Set.of()),
        Informers.informer(
            context,
            Secret.class,
            SECRETS,
            secret ->
                Informers.primaries(
                    context,
                    secret.getMetadata().getNamespace(),
                    source ->
                        SecretRefs.of(source).contains(secret.getMetadata().getName())
                            || KafkaPropertiesDigest.isIt(secret, operations.settings()))),
        Informers.informer(
            context,
            Deployment.class,
            GATEWAY_DEPLOYMENT,
            GATEWAY_SELECTOR,
            d -> Informers.primaries(context, d.getMetadata().getNamespace(), p -> true)),
        Informers.informer(
            context, ConfigMap.class, GATEWAY_CONFIG_MAP, GATEWAY_SELECTOR, c -> Set.of()),
        Informers.informer(
            context, Service.class, GATEWAY_SERVICE, GATEWAY_SELECTOR, s -> Set.of()));
  }

  @Override
  public UpdateControl<Source> reconcile(Source source, Context<Source> context) {
    SourceStatus status = source.getStatus() == null ? new SourceStatus() : source.getStatus();
    source.setStatus(status);
    if (Pause.isPaused(source)) {
      return Statuses.paused(source, status, operations.status());
    }
    String namespace = source.getMetadata().getNamespace();
    String name = source.getMetadata().getName();
    boolean changed = operations.status().remove(status, "Paused");
    Applier applier = new Applier(context.getClient());

    List<Secret> secrets =
        new ArrayList<>(Informers.list(context, Secret.class, SECRETS, namespace));
    WriteKeySecrets.ensure(source, secrets, applier);
    // From the informer whose events wake every Source of the namespace, so a deletion it reports
    // is already gone from what is compiled.
    List<Source> sources =
        Informers.list(context, Source.class, PEERS, namespace).stream()
            .filter(s -> !isDeleted(s))
            .toList();
    List<Destination> destinations =
        Informers.list(context, Destination.class, DESTINATIONS, namespace);
    // Every Source of a namespace is woken by any Source's change, and all see the same caches:
    // compile and render once per state of the namespace, not once per Source.
    String inputs = Fingerprint.of(sources, destinations, secrets);
    GatewayMemo.Entry memo = gatewayMemo.get(namespace);
    Compilation compilation =
        memo != null && memo.inputs().equals(inputs)
            ? memo.compilation()
            : compiler.compile(new ResourceSet(sources, destinations, List.of(), secrets));
    String rendered = memo != null && memo.inputs().equals(inputs) ? memo.rendered() : null;

    if (!sources.isEmpty() && !gatewayState(context, namespace, inputs).equals(rendered)) {
      GatewayModel gateway;
      // One writer at a time, each seeing the last one's write, so they agree instead of failing
      // on conflicts.
      synchronized (gatewayLocks.computeIfAbsent(namespace, k -> new Object())) {
        GatewayConfig routes =
            LastGood.gateway(
                compilation.gateway(),
                gatewayObject(context, ConfigMap.class, GATEWAY_CONFIG_MAP, namespace)
                    .map(
                        c -> c.getData() == null ? null : c.getData().get(GatewayModel.CONFIG_FILE))
                    .orElse(null),
                brokenSources(compilation, sources));
        gateway =
            GatewayModel.of(
                namespace,
                routes,
                sources,
                operations.settings(),
                KafkaPropertiesDigest.of(context, operations.settings(), SECRETS, namespace));
        ResourceID primary = ResourceID.fromResource(source);
        applier.apply(
            gateway.configMap(),
            gatewayObject(context, ConfigMap.class, GATEWAY_CONFIG_MAP, namespace),
            Informers.named(context, ConfigMap.class, GATEWAY_CONFIG_MAP),
            primary);
        Optional<Deployment> running =
            gatewayObject(context, Deployment.class, GATEWAY_DEPLOYMENT, namespace);
        if (running.isPresent() && Rollouts.restarts(running.get(), gateway.deployment())) {
          operations
              .events()
              .normal(
                  context.getClient(),
                  source,
                  "RollingOut",
                  "the gateway's image, command, resources or Kafka settings changed: its pods"
                      + " restart");
        }
        applier.apply(
            gateway.deployment(),
            running,
            Informers.named(context, Deployment.class, GATEWAY_DEPLOYMENT),
            primary);
        applier.apply(
            gateway.service(),
            gatewayObject(context, Service.class, GATEWAY_SERVICE, namespace),
            Informers.named(context, Service.class, GATEWAY_SERVICE),
            primary);
      }
      Optional<PodDisruptionBudget> pdb = gateway.podDisruptionBudget();
      if (pdb.isPresent()) {
        applier.apply(
            pdb.get(), Optional.ofNullable(context.getClient().resource(pdb.get()).get()));
      } else if (budgetsChecked.add(namespace)) {
        // Replicas change only with the operator's settings, that is with a restart: a budget
        // left by a run with more replicas is found on the first render, so once is enough.
        context
            .getClient()
            .policy()
            .v1()
            .podDisruptionBudget()
            .inNamespace(namespace)
            .withName(Names.gatewayDeployment())
            .delete();
      }
      rendered = gatewayState(context, namespace, inputs);
    }
    gatewayMemo.put(namespace, new GatewayMemo.Entry(inputs, compilation, rendered));

    List<Diagnostic> diagnostics = compilation.diagnosticsFor("Source", namespace, name);
    Readiness readiness;
    Duration retry = null;
    if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
      String reason = Reasons.forSource(diagnostics);
      readiness =
          Readiness.notReady(
              reason,
              Reasons.message(diagnostics)
                  + (reason.equals("SecretNotFound")
                      ? ""
                      : " (the gateway keeps the Source's last good route, if it had one)"));
    } else {
      try {
        List<TopicConfig> topics =
            compilation.topics().stream()
                .filter(
                    t ->
                        t.name().equals(Names.sourceTopic(namespace, name))
                            || t.name().equals(Names.rejectedTopic(namespace, name)))
                .toList();
        TopicEvents.record(
            context.getClient(),
            operations.events(),
            source,
            operations.topics().ensure(topics, operations.ensured()));
        readiness = Readiness.ready("Reconciled", Reasons.warnings(diagnostics));
        String topic = Names.sourceTopic(namespace, name);
        String endpoint = GatewayModel.endpoint(namespace, operations.settings().gateway().port());
        List<String> writeKeyIds = writeKeyIds(compilation, name);
        changed |=
            !Objects.equals(topic, status.getTopic())
                || !Objects.equals(endpoint, status.getEndpoint())
                || !Objects.equals(writeKeyIds, status.getWriteKeyIds());
        status.setTopic(topic);
        status.setEndpoint(endpoint);
        status.setWriteKeyIds(writeKeyIds);
      } catch (TopicException e) {
        readiness = Readiness.notReady("KafkaUnavailable", e.getMessage());
        retry = Duration.ofSeconds(30);
      }
    }
    return Statuses.finish(
        context.getClient(), operations, source, status, readiness, changed, retry);
  }

  /**
   * Sources whose own spec does not compile, whose last good route the gateway keeps. Not one whose
   * write-key Secret is gone: deleting a key's Secret revokes it.
   */
  private static Set<String> brokenSources(Compilation compilation, List<Source> sources) {
    Set<String> broken = new HashSet<>();
    for (Source source : sources) {
      List<Diagnostic> diagnostics =
          compilation.diagnosticsFor(
              "Source", source.getMetadata().getNamespace(), source.getMetadata().getName());
      if (diagnostics.stream().anyMatch(Diagnostic::isError)
          && !Reasons.forSource(diagnostics).equals("SecretNotFound")) {
        broken.add(source.getMetadata().getName());
      }
    }
    return broken;
  }

  /** The ids of the keys the gateway accepts for this Source; ids only, never keys or hashes. */
  private static List<String> writeKeyIds(Compilation compilation, String name) {
    return compilation.gateway().sources().stream()
        .filter(s -> s.name().equals(name))
        .flatMap(s -> s.writeKeyHashes().stream())
        .map(WriteKeys::id)
        .toList();
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> Optional<T> gatewayObject(
      Context<Source> context, Class<T> type, String informer, String namespace) {
    return Informers.get(context, type, informer, namespace, Names.gatewayDeployment());
  }

  /**
   * What the gateway was rendered from plus the generated objects as they are now, so that a
   * gateway object deleted or edited by hand is rendered again.
   */
  private static String gatewayState(Context<Source> context, String namespace, String inputs) {
    return inputs
        + "|"
        + Fingerprint.versions(
            List.of(
                gatewayObject(context, ConfigMap.class, GATEWAY_CONFIG_MAP, namespace),
                gatewayObject(context, Deployment.class, GATEWAY_DEPLOYMENT, namespace),
                gatewayObject(context, Service.class, GATEWAY_SERVICE, namespace)));
  }

  private static boolean isDeleted(Source source) {
    return source.getMetadata().getDeletionTimestamp() != null;
  }
}
