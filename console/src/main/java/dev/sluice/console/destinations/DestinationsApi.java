package dev.sluice.console.destinations;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.DestinationSettings;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.console.ConsoleState;
import dev.sluice.console.http.ConsoleJson;
import dev.sluice.console.http.Replies;
import dev.sluice.console.metrics.MetricStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code GET /api/destinations}: every Destination with its Connections (filters and transforms as
 * configured; never settings that could hold credentials) and its delivery overview.
 *
 * <p>Received is what the Destination's Sources logged in the last hour: every such message is
 * either filtered, delivered, dead-lettered (or dropped) by each Connection, or still on its way
 * (the lag). Retried counts attempts that failed and were scheduled again, not messages.
 */
public final class DestinationsApi {
  private static final List<String> OUTCOMES =
      List.of("delivered", "retried", "dead_lettered", "dropped");

  private final ConsoleState state;
  private final MetricStore metrics;

  public DestinationsApi(ConsoleState state, MetricStore metrics) {
    this.state = state;
    this.metrics = metrics;
  }

  public void mount(Router router) {
    router.get("/api/destinations").handler(this::list);
  }

  private void list(RoutingContext ctx) {
    ArrayNode destinations = ConsoleJson.array();
    for (WorkerConfig worker : state.snapshot().compilation().workers()) {
      destinations.add(describe(worker));
    }
    Replies.json(ctx, ConsoleJson.object().set("destinations", destinations));
  }

  ObjectNode describe(WorkerConfig worker) {
    ObjectNode d = ConsoleJson.object();
    d.put("namespace", worker.namespace());
    d.put("name", worker.destination());
    d.put("type", type(worker.settings()));
    d.put("target", target(worker.settings()));
    d.put("deadLetterTopic", worker.deadLetterTopic());
    d.put("consumerGroup", worker.consumerGroup());
    ArrayNode connections = d.putArray("connections");
    Set<String> sources = new LinkedHashSet<>();
    for (ConnectionConfig connection : worker.connections()) {
      sources.add(connection.source());
      ObjectNode c = connections.addObject();
      c.put("name", connection.name());
      c.put("source", connection.source());
      c.put("enabled", connection.enabled());
      c.set("filter", ConsoleJson.mapper().valueToTree(connection.filter()));
      c.set("transforms", ConsoleJson.mapper().valueToTree(connection.transforms()));
      c.put("start", connection.start());
      c.set(
          "overview",
          overview(
              worker.namespace(),
              worker.destination(),
              List.of(connection.name()),
              Set.of(connection.source())));
    }
    List<String> names = worker.connections().stream().map(ConnectionConfig::name).toList();
    d.set("overview", overview(worker.namespace(), worker.destination(), names, sources));
    String id = worker.namespace() + "/" + worker.destination();
    Double lag = metrics.gauge("lag|" + id);
    if (lag != null) {
      d.put("lag", lag.longValue());
    } else {
      d.putNull("lag");
    }
    double[] q = metrics.quantiles("latency|" + id, 0.5, 0.95, 0.99);
    ObjectNode latency = d.putObject("latencyMs");
    putMillis(latency, "p50", q[0]);
    putMillis(latency, "p95", q[1]);
    putMillis(latency, "p99", q[2]);
    return d;
  }

  private ObjectNode overview(
      String namespace, String destination, List<String> connections, Set<String> sources) {
    ObjectNode o = ConsoleJson.object();
    long received = 0;
    for (String source : sources) {
      received += (long) metrics.lastHour("events|" + namespace + "/" + source);
    }
    o.put("received", received);
    ObjectNode perMinute = o.putObject("perMinute");
    for (String outcome : OUTCOMES) {
      List<String> keys = new ArrayList<>();
      long total = 0;
      for (String connection : connections) {
        String key = outcome + "|" + namespace + "/" + destination + "|" + connection;
        keys.add(key);
        total += (long) metrics.lastHour(key);
      }
      o.put(camel(outcome), total);
      ArrayNode series = perMinute.putArray(camel(outcome));
      for (double v : metrics.perMinuteSum(keys)) {
        series.add((long) v);
      }
    }
    Map<String, Long> byReason = new TreeMap<>();
    List<String> filteredKeys = new ArrayList<>();
    for (String connection : connections) {
      String prefix = "filtered|" + namespace + "/" + destination + "|" + connection + "|";
      metrics
          .lastHourByPrefix(prefix)
          .forEach((reason, n) -> byReason.merge(reason, n.longValue(), Long::sum));
      metrics.keys(prefix).forEach(filteredKeys::add);
    }
    o.put("filtered", byReason.values().stream().mapToLong(Long::longValue).sum());
    o.set("filteredByReason", ConsoleJson.mapper().valueToTree(byReason));
    ArrayNode filteredSeries = perMinute.putArray("filtered");
    for (double v : metrics.perMinuteSum(filteredKeys)) {
      filteredSeries.add((long) v);
    }
    return o;
  }

  private static String camel(String snake) {
    return snake.equals("dead_lettered") ? "deadLettered" : snake;
  }

  private static void putMillis(ObjectNode into, String field, double seconds) {
    if (Double.isNaN(seconds)) {
      into.putNull(field);
    } else {
      into.put(field, Math.round(seconds * 10_000) / 10.0);
    }
  }

  static String type(DestinationSettings settings) {
    // The names the settings are written under in configuration files.
    com.fasterxml.jackson.annotation.JsonSubTypes types =
        DestinationSettings.class.getAnnotation(
            com.fasterxml.jackson.annotation.JsonSubTypes.class);
    for (com.fasterxml.jackson.annotation.JsonSubTypes.Type t : types.value()) {
      if (t.value().isInstance(settings)) {
        return t.name();
      }
    }
    return settings.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  /** Where a webhook posts, without user info or query (either can hold a credential). */
  static String target(DestinationSettings settings) {
    if (settings instanceof DestinationSettings.Webhook webhook) {
      try {
        URI uri = URI.create(webhook.url());
        return new URI(
                uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
            .toString();
      } catch (Exception e) {
        return null;
      }
    }
    return null;
  }
}
