package dev.sluice.operator.reconcile;

import dev.sluice.api.v1alpha1.Connection;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which Destinations a Connection's change concerns: the one it names now and the one it named
 * before, which must drop it from its worker's configuration.
 */
final class ConnectionTargets {
  private final Map<ResourceID, String> lastSeen = new ConcurrentHashMap<>();

  Set<ResourceID> destinationsOf(Connection connection) {
    ResourceID id = ResourceID.fromResource(connection);
    String namespace = connection.getMetadata().getNamespace();
    Set<ResourceID> targets = new HashSet<>();
    Optional<String> now = destinationOf(connection);
    now.ifPresent(name -> targets.add(new ResourceID(name, namespace)));
    String before = now.isPresent() ? lastSeen.put(id, now.get()) : lastSeen.remove(id);
    if (before != null) {
      targets.add(new ResourceID(before, namespace));
    }
    return targets;
  }

  static Optional<String> destinationOf(Connection connection) {
    return connection.getSpec() == null || connection.getSpec().destinationRef() == null
        ? Optional.empty()
        : Optional.ofNullable(connection.getSpec().destinationRef().name());
  }
}
