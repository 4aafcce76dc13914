package dev.sluice.workers.route;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.ConnectionConfig;

/** One Connection's integrations check, filter and transforms, compiled once per configuration. */
public interface Route {

  /** Never mutates the input. */
  Routed route(ObjectNode message);

  sealed interface Routed {
    record Pass(ObjectNode message) implements Routed {}

    /**
     * @param reason a metric label, e.g. {@code condition_false}
     */
    record Filtered(String reason, String detail) implements Routed {}
  }

  static Route compile(ConnectionConfig connection, String integrationName) {
    if (!connection.enabled()) {
      return m -> new Routed.Filtered("disabled", "connection is disabled");
    }
    return Routed.Pass::new;
  }
}
