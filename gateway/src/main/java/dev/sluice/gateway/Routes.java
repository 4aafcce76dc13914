package dev.sluice.gateway;

import dev.sluice.api.message.MessageType;
import dev.sluice.gateway.http.ClientIp;
import dev.sluice.gateway.http.Exchange;
import dev.sluice.gateway.http.PreflightHandler;
import dev.sluice.gateway.ingest.BatchHandler;
import dev.sluice.gateway.ingest.IngestPipeline;
import dev.sluice.gateway.ingest.PixelHandler;
import dev.sluice.gateway.ingest.SingleHandler;
import dev.sluice.gateway.ingest.TelemetryHandler;
import dev.sluice.gateway.metrics.GatewayMetrics;
import dev.sluice.gateway.settings.SettingsHandler;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every path the gateway serves, in one place: Segment's tracking API. */
final class Routes {
  /** A path's operation; {@code name} labels metrics without the write key or other variables. */
  record Route(String name, HttpMethod method, Handler<Exchange> handler, boolean admitted) {
    Route(String name, HttpMethod method, Handler<Exchange> handler) {
      this(name, method, handler, false);
    }
  }

  static final Route PREFLIGHT = new Route("preflight", HttpMethod.OPTIONS, new PreflightHandler());

  private final Map<String, Route> exact = new HashMap<>();
  private final Route settings;

  Routes(IngestPipeline pipeline, GatewayMetrics metrics, ClientIp clientIp) {
    for (String segment :
        List.of(
            "track",
            "identify",
            "page",
            "screen",
            "group",
            "alias",
            "t",
            "i",
            "p",
            "s",
            "g",
            "a")) {
      MessageType type = MessageType.fromPath(segment).orElseThrow();
      admitted("/v1/" + segment, HttpMethod.POST, new SingleHandler(pipeline, type));
    }
    BatchHandler batch = new BatchHandler(pipeline);
    for (String path : List.of("/v1/batch", "/v1/b", "/v1/import")) {
      admitted(path, HttpMethod.POST, batch);
    }
    post("/v1/m", new TelemetryHandler(metrics));
    for (MessageType type : MessageType.values()) {
      String path = "/v1/pixel/" + type.wireName();
      admitted(path, HttpMethod.GET, new PixelHandler(pipeline, type));
    }
    settings =
        new Route(
            "/v1/projects/{writeKey}/settings", HttpMethod.GET, new SettingsHandler(clientIp));
  }

  private void post(String path, Handler<Exchange> handler) {
    exact.put(path, new Route(path, HttpMethod.POST, handler));
  }

  /** A message-carrying route: admitted at its headers (package admission) before it is read. */
  private void admitted(String path, HttpMethod method, Handler<Exchange> handler) {
    exact.put(path, new Route(path, method, handler, true));
  }

  /** The route for a path ({@code /v1/import/} and {@code /v1/import} alike), or null. */
  Route match(String path) {
    String normalized =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    Route route = exact.get(normalized);
    if (route != null) {
      return route;
    }
    if (normalized.startsWith("/v1/projects/")
        && normalized.endsWith("/settings")
        && normalized.length() > "/v1/projects//settings".length()
        && normalized.indexOf('/', "/v1/projects/".length()) == normalized.length() - 9) {
      return settings;
    }
    return null;
  }
}
