package dev.sluice.workers.pipeline;

import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.api.routing.ConnectionRouter;
import dev.sluice.api.routing.RouteCompileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compiled Connections of one configuration, by the Source topic they read. Immutable, so the
 * consumer thread routes with it while the context swaps in the next one.
 */
final class RouteTable {
  /** A Connection reading a topic, with its compiled filter and transforms. */
  record ConnectionRoute(ConnectionConfig connection, ConnectionRouter router) {}

  private final Map<String, List<ConnectionRoute>> byTopic;
  private final String destination;

  private RouteTable(Map<String, List<ConnectionRoute>> byTopic, String destination) {
    this.byTopic = byTopic;
    this.destination = destination;
  }

  /**
   * @throws IllegalArgumentException when a Connection's filter or transforms do not compile (the
   *     compiler checks them first, so a worker sees this only for a hand-written file)
   */
  static RouteTable compile(WorkerConfig config) {
    Map<String, List<ConnectionRoute>> byTopic = new HashMap<>();
    for (ConnectionConfig c : config.connections()) {
      ConnectionRouter router;
      try {
        router = ConnectionRouter.compile(c, config.integrationName());
      } catch (RouteCompileException e) {
        throw new IllegalArgumentException(
            "connection " + c.name() + " does not compile: " + e.getMessage(), e);
      }
      byTopic
          .computeIfAbsent(c.topic(), t -> new ArrayList<>())
          .add(new ConnectionRoute(c, router));
    }
    byTopic.replaceAll((topic, routes) -> List.copyOf(routes));
    return new RouteTable(Map.copyOf(byTopic), config.namespace() + "/" + config.destination());
  }

  /** {@code namespace/name} of the Destination, as a replayed record names its target. */
  String destination() {
    return destination;
  }

  Set<String> topics() {
    return byTopic.keySet();
  }

  List<ConnectionRoute> forTopic(String topic) {
    return byTopic.getOrDefault(topic, List.of());
  }

  /** Where to start a topic the group has no offset for: the earliest start among its readers. */
  String startFor(String topic) {
    String best = "latest";
    for (ConnectionRoute r : forTopic(topic)) {
      best = earlier(best, r.connection().start());
    }
    return best;
  }

  static String earlier(String a, String b) {
    if (b == null || b.isBlank() || a.equals("earliest")) {
      return a;
    }
    if (b.equals("earliest") || a.equals("latest")) {
      return b;
    }
    if (b.equals("latest")) {
      return a;
    }
    return ConsumerLoop.startTime(b).isBefore(ConsumerLoop.startTime(a)) ? b : a;
  }
}
