package dev.sluice.api.compiler;

import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.SourceConfig;
import dev.sluice.api.config.TopicConfig;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.api.v1alpha1.Connection;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.api.v1alpha1.Source;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Compiles Sources, Destinations, Connections and the Secrets they name into the data plane's
 * configuration. Pure and deterministic: the same resources give equal output in the same order, so
 * a hash of it can decide whether pods roll.
 *
 * <p>Each resource is checked on its own and gets its diagnostics; one with errors is left out and
 * everything valid still compiles. A Connection is left out, with an error saying why, when its
 * Source or Destination is missing or has errors.
 */
public final class Compiler {

  public Compilation compile(ResourceSet resources) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    SecretValues secrets = new SecretValues(resources.secrets());

    List<Source> sources = unique(resources.sources(), diagnostics);
    List<Destination> destinations = unique(resources.destinations(), diagnostics);
    List<Connection> connections = unique(resources.connections(), diagnostics);

    SourceCompiler sourceCompiler = new SourceCompiler(secrets);
    List<SourceCompiler.Compiled> compiledSources =
        sources.stream().map(sourceCompiler::compile).toList();
    WriteKeyConflicts.check(compiledSources);

    DestinationCompiler destinationCompiler = new DestinationCompiler(secrets);
    List<DestinationCompiler.Compiled> compiledDestinations =
        destinations.stream().map(destinationCompiler::compile).toList();
    TopicCollisions.check(compiledSources, compiledDestinations);

    Map<String, Boolean> sourceTargets = new HashMap<>();
    compiledSources.forEach(
        s -> sourceTargets.put(Resources.key(s.resource()), !s.findings().hasErrors()));
    Map<String, Boolean> destinationTargets = new HashMap<>();
    compiledDestinations.forEach(
        d -> destinationTargets.put(Resources.key(d.resource()), !d.findings().hasErrors()));
    ConnectionCompiler connectionCompiler =
        new ConnectionCompiler(new ConnectionCompiler.Targets(sourceTargets, destinationTargets));
    List<ConnectionCompiler.Compiled> compiledConnections =
        connections.stream().map(connectionCompiler::compile).toList();
    DuplicateConnections.check(compiledConnections);

    List<SourceConfig> routes = new ArrayList<>();
    Map<String, TopicConfig> topics = new TreeMap<>();
    for (SourceCompiler.Compiled source : compiledSources) {
      diagnostics.addAll(source.findings().diagnostics());
      if (!source.findings().hasErrors()) {
        routes.add(source.route());
        topics.put(source.topic().name(), source.topic());
        topics.put(source.rejectedTopic().name(), source.rejectedTopic());
      }
    }
    Map<String, List<ConnectionConfig>> byDestination = new HashMap<>();
    for (ConnectionCompiler.Compiled connection : compiledConnections) {
      diagnostics.addAll(connection.findings().diagnostics());
      if (!connection.findings().hasErrors()) {
        byDestination
            .computeIfAbsent(connection.destinationKey(), k -> new ArrayList<>())
            .add(connection.config());
      }
    }
    List<WorkerConfig> workers = new ArrayList<>();
    for (DestinationCompiler.Compiled destination : compiledDestinations) {
      diagnostics.addAll(destination.findings().diagnostics());
      if (destination.findings().hasErrors()) {
        continue;
      }
      List<ConnectionConfig> feeding =
          new ArrayList<>(
              byDestination.getOrDefault(Resources.key(destination.resource()), List.of()));
      feeding.sort(Comparator.comparing(ConnectionConfig::name));
      workers.add(withConnections(destination.worker(), feeding));
      if (destination.deadLetterTopic() != null) {
        topics.put(destination.deadLetterTopic().name(), destination.deadLetterTopic());
      }
    }
    routes.sort(Comparator.comparing(SourceConfig::namespace).thenComparing(SourceConfig::name));
    workers.sort(
        Comparator.comparing(WorkerConfig::namespace).thenComparing(WorkerConfig::destination));
    diagnostics.sort(
        Comparator.comparing(Diagnostic::namespace)
            .thenComparing(d -> KIND_ORDER.getOrDefault(d.kind(), 9))
            .thenComparing(Diagnostic::name)
            .thenComparing(Diagnostic::field));
    return new Compilation(
        new GatewayConfig(routes), workers, List.copyOf(topics.values()), diagnostics);
  }

  private static final Map<String, Integer> KIND_ORDER =
      Map.of("Source", 0, "Destination", 1, "Connection", 2);

  private static WorkerConfig withConnections(WorkerConfig w, List<ConnectionConfig> connections) {
    return new WorkerConfig(
        w.namespace(),
        w.destination(),
        w.integrationName(),
        w.consumerGroup(),
        w.deadLetterTopic(),
        w.settings(),
        w.delivery(),
        w.eventsPerSecond(),
        w.concurrency(),
        w.ordering(),
        w.deduplicationWindow(),
        w.deduplicationMaxEntries(),
        connections);
  }

  /**
   * Resources of one kind sorted by namespace and name, without nameless ones or repeats, which get
   * an error (the API server prevents both; a hand-built set might not).
   */
  private static <T extends HasMetadata> List<T> unique(List<T> resources, List<Diagnostic> out) {
    Map<String, T> byKey = new LinkedHashMap<>();
    Set<String> reported = new HashSet<>();
    for (T resource : resources) {
      Findings findings = Findings.of(resource);
      if (findings.name().isBlank()) {
        findings.error("metadata.name", "metadata.name is required");
      } else if (!ResourceNames.check(resource, findings)) {
        // reported; the name cannot become a topic or Deployment name
      } else if (byKey.putIfAbsent(Resources.key(resource), resource) != null
          && reported.add(Resources.key(resource))) {
        findings.error(
            "metadata.name",
            resource.getKind()
                + " "
                + Resources.key(resource)
                + " is given more than once; the"
                + " first is used");
      }
      out.addAll(findings.diagnostics());
    }
    return byKey.values().stream()
        .sorted(Comparator.comparing((Function<T, String>) Resources::key))
        .toList();
  }
}
