package dev.sluice.api.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.FilterConfig;
import dev.sluice.api.config.TransformConfig;
import java.util.List;
import java.util.Objects;

/**
 * The compiled filter and transforms of one Connection into one Destination. {@link #route} checks,
 * in order: {@code enabled}, the message's {@code integrations} object, {@code filter.types},
 * {@code filter.events}, {@code filter.samplePercent}, {@code filter.condition}; then applies the
 * transforms to a copy. The input message is never changed, so one message can go through the
 * routers of several Connections. Immutable and thread-safe.
 */
public final class ConnectionRouter {
  private final String connection;
  private final boolean enabled;
  private final IntegrationsGate integrations;
  private final FilterStages filter;
  private final List<Transform> transforms;

  ConnectionRouter(
      String connection,
      boolean enabled,
      IntegrationsGate integrations,
      FilterStages filter,
      List<Transform> transforms) {
    this.connection = connection;
    this.enabled = enabled;
    this.integrations = integrations;
    this.filter = filter;
    this.transforms = List.copyOf(transforms);
  }

  /**
   * Compiles a Connection's filter and transforms.
   *
   * @param integrationName the Destination's integration name, matched case-sensitively against the
   *     keys of a message's {@code integrations} object
   * @throws RouteCompileException with every problem {@link #check} finds
   */
  public static ConnectionRouter compile(ConnectionConfig connection, String integrationName)
      throws RouteCompileException {
    Objects.requireNonNull(integrationName, "integrationName");
    RouteCompiler compiler = new RouteCompiler(connection.filter(), connection.transforms());
    if (!compiler.problems().isEmpty()) {
      throw new RouteCompileException(compiler.problems());
    }
    return new ConnectionRouter(
        connection.name(),
        connection.enabled(),
        new IntegrationsGate(integrationName),
        compiler.filter(),
        compiler.transforms());
  }

  /**
   * Every problem in a filter and transform list, with its field path ({@code
   * spec.filter.condition}, {@code spec.transform[2].set[properties.total]}); CEL errors carry
   * {@code line:column}. Empty when they compile.
   */
  public static List<RouteProblem> check(FilterConfig filter, List<TransformConfig> transforms) {
    return new RouteCompiler(filter, transforms == null ? List.of() : transforms).problems();
  }

  /** Filters and transforms one message; never mutates {@code message}. */
  public RouteOutcome route(ObjectNode message) {
    IntegrationsGate.Decision decision = integrations.decide(message);
    RouteOutcome.Filtered filtered = check(message, decision);
    if (filtered != null) {
      return filtered;
    }
    ObjectNode out = message.deepCopy();
    for (int i = 0; i < transforms.size(); i++) {
      try {
        out = transforms.get(i).apply(out);
      } catch (Transform.TransformException e) {
        return new RouteOutcome.Filtered(
            FilterReason.TRANSFORM_ERROR, "spec.transform[" + i + "] " + e.getMessage());
      }
    }
    JsonNode options = decision.options() == null ? null : decision.options().deepCopy();
    return new RouteOutcome.Pass(out, options);
  }

  /**
   * The checks of {@link #route} without the transforms and without copying: null when the message
   * passes. For a caller that sends the message as it is when there are no transforms (the workers'
   * hot path), where {@link #route}'s defensive copy would be wasted.
   */
  public RouteOutcome.Filtered filter(ObjectNode message) {
    return check(message, integrations.decide(message));
  }

  private RouteOutcome.Filtered check(ObjectNode message, IntegrationsGate.Decision decision) {
    if (!enabled) {
      return new RouteOutcome.Filtered(
          FilterReason.DISABLED, "connection " + connection + " is disabled");
    }
    if (decision.detail() != null) {
      return new RouteOutcome.Filtered(FilterReason.INTEGRATIONS, decision.detail());
    }
    return filter.apply(message);
  }

  public String connection() {
    return connection;
  }

  public String integrationName() {
    return integrations.name();
  }
}
