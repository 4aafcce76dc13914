package dev.sluice.workers.route;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.routing.ConnectionRouter;
import dev.sluice.api.routing.RouteCompileException;
import dev.sluice.api.routing.RouteOutcome;

/**
 * One Connection's integrations check, filter and transforms ({@link ConnectionRouter}), compiled
 * once per configuration; the pipeline sees only pass or filtered-with-a-label.
 */
public interface Route {

  /**
   * Never mutates the input. A passed message may be the input itself when there was nothing to
   * transform; callers must not mutate it either.
   */
  Routed route(ObjectNode message);

  sealed interface Routed {
    record Pass(ObjectNode message) implements Routed {}

    /**
     * @param reason a metric label, e.g. {@code condition_false}
     */
    record Filtered(String reason, String detail) implements Routed {}
  }

  /**
   * @throws IllegalArgumentException when the Connection's filter or transforms do not compile (the
   *     compiler checks them first, so a worker sees this only for a hand-written file)
   */
  static Route compile(ConnectionConfig connection, String integrationName) {
    ConnectionRouter router;
    try {
      router = ConnectionRouter.compile(connection, integrationName);
    } catch (RouteCompileException e) {
      throw new IllegalArgumentException(
          "connection " + connection.name() + " does not compile: " + e.getMessage(), e);
    }
    // Nothing to filter or transform: a message without an integrations object passes as it is,
    // without the copy the engine makes for transforms (the hot path of most Destinations).
    boolean passThrough =
        connection.enabled() && connection.filter() == null && connection.transforms().isEmpty();
    return message -> {
      if (passThrough && !(message.get("integrations") instanceof ObjectNode)) {
        return new Routed.Pass(message);
      }
      RouteOutcome outcome = router.route(message);
      if (outcome instanceof RouteOutcome.Pass pass) {
        return new Routed.Pass(pass.message());
      }
      RouteOutcome.Filtered filtered = (RouteOutcome.Filtered) outcome;
      return new Routed.Filtered(filtered.reason().label(), filtered.detail());
    };
  }
}
