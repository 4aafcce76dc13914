package dev.sluice.api.compiler;

import dev.sluice.api.v1alpha1.Connection;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.api.v1alpha1.Source;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;

/** The compiler's input: resources and the Secrets they refer to, of any namespaces. */
public record ResourceSet(
    List<Source> sources,
    List<Destination> destinations,
    List<Connection> connections,
    List<Secret> secrets) {
  public ResourceSet {
    sources = List.copyOf(sources);
    destinations = List.copyOf(destinations);
    connections = List.copyOf(connections);
    secrets = List.copyOf(secrets);
  }
}
