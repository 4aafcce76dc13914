package dev.sluice.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The management port, apart from traffic: {@code /healthz} (the process is alive), {@code /readyz}
 * (every readiness check passes; otherwise 503 naming the failing ones) and {@code /metrics}
 * (Prometheus text), plus the JSON documents a process adds (a worker's {@code /status}).
 */
public final class ManagementServer {
  private final PrometheusMeterRegistry registry;
  private final List<ReadinessCheck> checks = new CopyOnWriteArrayList<>();
  private final Map<String, Supplier<JsonObject>> documents = new ConcurrentHashMap<>();
  private volatile Handler<HttpServerRequest> fallback;
  private HttpServer server;

  public ManagementServer(PrometheusMeterRegistry registry) {
    this.registry = registry;
    // Heap, non-heap and buffer pools: what bounds a process's memory, next to its own figures.
    new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
  }

  public ManagementServer addReadinessCheck(ReadinessCheck check) {
    checks.add(check);
    return this;
  }

  public void removeReadinessCheck(ReadinessCheck check) {
    checks.remove(check);
  }

  /** Serves {@code body}'s JSON at {@code path}, computed at each request. */
  public ManagementServer document(String path, Supplier<JsonObject> body) {
    documents.put(path, body);
    return this;
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
        // HTTP/1.1 only, as the gateway (decision 0044): probes and scrapers speak it, and a
        // client asking to upgrade to cleartext HTTP/2 (the JDK's does by default) could read an
        // HTTP/1.1 answer as an HTTP/2 frame when Vert.x took the upgrade.
        .createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
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
        Supplier<JsonObject> document = documents.get(request.path());
        Handler<HttpServerRequest> other = fallback;
        if (document != null) {
          json(request, 200, document.get());
        } else if (other != null) {
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
