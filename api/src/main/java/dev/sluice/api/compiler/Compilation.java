package dev.sluice.api.compiler;

import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.TopicConfig;
import dev.sluice.api.config.WorkerConfig;
import java.util.List;

/**
 * The compiler's output. A resource with errors is left out, with its diagnostics; everything valid
 * still compiles.
 *
 * @param workers one per valid Destination
 * @param topics every topic the gateway and workers use
 */
public record Compilation(
    GatewayConfig gateway,
    List<WorkerConfig> workers,
    List<TopicConfig> topics,
    List<Diagnostic> diagnostics) {
  public Compilation {
    workers = List.copyOf(workers);
    topics = List.copyOf(topics);
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  /**
   * The diagnostics of one resource, e.g. for its status: an ERROR means it was left out.
   *
   * @param kind {@code Source}, {@code Destination} or {@code Connection}
   */
  public List<Diagnostic> diagnosticsFor(String kind, String namespace, String name) {
    return diagnostics.stream()
        .filter(d -> d.kind().equals(kind))
        .filter(d -> d.namespace().equals(namespace))
        .filter(d -> d.name().equals(name))
        .toList();
  }
}
