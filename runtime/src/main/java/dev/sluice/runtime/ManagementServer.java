package dev.sluice.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The management port, apart from traffic: {@code /healthz} (the process is alive), {@code /readyz}
 * (every readiness check passes; otherwise 503 naming the failing ones) and {@code /metrics}
 * (Prometheus text).
 */
public final class ManagementServer {
  private final PrometheusMeterRegistry registry;
  private final List<ReadinessCheck> checks = new CopyOnWriteArrayList<>();
  private volatile Handler<HttpServerRequest> fallback;
  private HttpServer server;

  public ManagementServer(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  public ManagementServer addReadinessCheck(ReadinessCheck check) {
    checks.add(check);
    return this;
  }

  public void removeReadinessCheck(ReadinessCheck check) {
    checks.remove(check);
  }

  /**
   * Serves every path other than the three above (the web console of {@code sluice local}); without
   * one they answer 404.
   */
  public ManagementServer fallback(Handler<HttpServerRequest> handler) {
    this.fallback = handler;
    return this;
  }

  public Future<ManagementServer> start(Vertx vertx, String host, int port) {
    return vertx
        .createHttpServer()
        .requestHandler(this::handle)
        .listen(port, host)
        .map(
            s -> {
              server = s;
              return this;
            });
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void handle(HttpServerRequest request) {
    switch (request.path()) {
      case "/healthz" -> json(request, 200, new JsonObject().put("status", "UP"));
      case "/readyz" -> readiness(request);
      case "/metrics" ->
          request
              .response()
              .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
              .end(registry.scrape());
      default -> {
        Handler<HttpServerRequest> other = fallback;
        if (other != null) {
          other.handle(request);
        } else {
          json(request, 404, new JsonObject().put("error", "not found"));
        }
      }
    }
  }

  private void readiness(HttpServerRequest request) {
    JsonObject failing = new JsonObject();
    JsonObject warnings = new JsonObject();
    for (ReadinessCheck check : checks) {
      try {
        putIfSet(failing, check.name(), check.problem());
        putIfSet(warnings, check.name(), check.warning());
      } catch (RuntimeException e) {
        failing.put(check.name(), "check failed: " + e.getMessage());
      }
    }
    JsonObject body = new JsonObject().put("status", failing.isEmpty() ? "READY" : "NOT_READY");
    if (!failing.isEmpty()) {
      body.put("checks", failing);
    }
    if (!warnings.isEmpty()) {
      body.put("warnings", warnings);
    }
    json(request, failing.isEmpty() ? 200 : 503, body);
  }

  private static void putIfSet(JsonObject into, String name, String value) {
    if (value != null) {
      into.put(name, value);
    }
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    request
        .response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }
}
