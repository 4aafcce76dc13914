package dev.sluice.gateway;

import dev.sluice.api.config.GatewayConfig;
import dev.sluice.gateway.auth.RouteTable;
import dev.sluice.gateway.http.ApiError;
import dev.sluice.gateway.http.ClientIp;
import dev.sluice.gateway.http.Exchange;
import dev.sluice.gateway.ingest.IngestPipeline;
import dev.sluice.gateway.kafka.EventLog;
import dev.sluice.gateway.kafka.KafkaProbe;
import dev.sluice.gateway.limits.RateLimits;
import dev.sluice.gateway.metrics.GatewayMetrics;
import dev.sluice.runtime.ReadinessCheck;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracking API server: Segment's HTTP protocol in, acknowledged Kafka records out. Embeddable
 * (the local runner starts it in-process) and run alone by {@link GatewayMain}.
 */
public final class Gateway {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final GatewayOptions options;
  private final GatewayMetrics metrics;
  private final EventLog log;
  private final KafkaProbe probe;
  private final RateLimits rates = new RateLimits(System::nanoTime);
  private final Routes routes;
  private final List<String> deployments = new CopyOnWriteArrayList<>();
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ReadinessCheck readiness;
  private volatile RouteTable table;
  private volatile boolean closing;
  private volatile Promise<Void> drained;
  private volatile Future<Void> closed;
  private volatile int port;

  private Gateway(
      Vertx vertx, GatewayOptions options, GatewayConfig config, MeterRegistry registry) {
    this.vertx = vertx;
    this.options = options;
    this.metrics = new GatewayMetrics(registry);
    this.log =
        new EventLog(
            EventLog.producerConfig(
                options.bootstrapServers(),
                options.deliveryTimeout(),
                options.maxInFlightBytes(),
                options.producerOverrides()),
            options.maxInFlightMessages(),
            options.maxInFlightBytes(),
            // Kafka's own delivery timeout answers first; this bounds a wait for the sender thread.
            options.deliveryTimeout().plusSeconds(2),
            metrics);
    this.probe = new KafkaProbe(vertx, options.bootstrapServers(), Duration.ofSeconds(2));
    ClientIp clientIp = new ClientIp(options.trustedProxies());
    this.routes =
        new Routes(
            new IngestPipeline(Clock.systemUTC(), log, rates, metrics, clientIp),
            metrics,
            clientIp);
    this.readiness =
        ReadinessCheck.of(
            "gateway",
            () -> {
              if (table == null) {
                return "no configuration loaded";
              }
              if (closing) {
                return "shutting down";
              }
              return probe.problem();
            });
    update(config);
  }

  /** Starts serving; the future completes once every event loop listens. */
  public static Future<Gateway> start(
      Vertx vertx, GatewayOptions options, GatewayConfig config, MeterRegistry registry) {
    Gateway gateway;
    try {
      gateway = new Gateway(vertx, options, config, registry);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    // Event loops share a port only when they listen on the same number, so 0 is resolved first.
    int listenPort = options.port() == 0 ? freePort(options.host()) : options.port();
    gateway.port = listenPort;
    Future<Void> all = Future.succeededFuture();
    for (int i = 0; i < options.instances(); i++) {
      all = all.compose(v -> gateway.listen(listenPort).mapEmpty());
    }
    return all.map(
            v -> {
              LOG.info(
                  "gateway listening on {}:{} with {} event loop(s), Kafka at {}",
                  options.host(),
                  gateway.port,
                  options.instances(),
                  options.bootstrapServers());
              return gateway;
            })
        .recover(e -> gateway.close().transform(ignored -> Future.failedFuture(e)));
  }

  private Future<Integer> listen(int listenPort) {
    Promise<Integer> bound = Promise.promise();
    Future<String> deployed =
        vertx.deployVerticle(
            new VerticleBase() {
              @Override
              public Future<?> start() {
                return vertx
                    .createHttpServer(serverOptions())
                    .requestHandler(Gateway.this::handle)
                    .listen(listenPort, options.host())
                    .onSuccess(
                        server -> {
                          servers.add(server);
                          bound.tryComplete(server.actualPort());
                        });
              }
            });
    return deployed.compose(
        id -> {
          deployments.add(id);
          return bound.future();
        });
  }

  private static int freePort(String host) {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static HttpServerOptions serverOptions() {
    return new HttpServerOptions()
        .setHandle100ContinueAutomatically(true)
        // The pixel carries a whole message in its URL.
        .setMaxInitialLineLength(64 * 1024)
        .setMaxHeaderSize(32 * 1024)
        .setIdleTimeout(120)
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setTcpNoDelay(true);
  }

  /** Replaces the route table; requests already started finish under the table they began with. */
  public void update(GatewayConfig config) {
    RouteTable next = RouteTable.of(config);
    rates.update(config);
    table = next;
    List<String> topics = new ArrayList<>();
    config
        .sources()
        .forEach(
            source -> {
              topics.add(source.topic());
              topics.add(source.rejectedTopic());
            });
    vertx.executeBlocking(
        () -> {
          log.warm(topics);
          return null;
        },
        false);
    LOG.info("gateway configuration applied: {} Source(s)", config.sources().size());
  }

  public int port() {
    return port;
  }

  /** Requests received and not yet answered. */
  int inFlightRequests() {
    return inFlight.get();
  }

  /** Messages handed to Kafka and not yet acknowledged. */
  int kafkaInFlightMessages() {
    return log.inFlightMessages();
  }

  /** Ready with a configuration loaded and Kafka answering. */
  public ReadinessCheck readiness() {
    return readiness;
  }

  private void handle(HttpServerRequest request) {
    inFlight.incrementAndGet();
    RouteTable current = table;
    Routes.Route route =
        request.method() == HttpMethod.OPTIONS ? Routes.PREFLIGHT : routes.match(request.path());
    Exchange exchange =
        new Exchange(request, current, route == null ? "unmatched" : route.name(), this::ended);
    try {
      if (closing) {
        exchange.request().response().putHeader("Connection", "close");
        exchange.fail(ApiError.unavailable("shutting_down", "the gateway is shutting down", 1));
      } else if (route == null) {
        exchange.fail(new ApiError(404, "not_found", "no such path: " + request.path()));
      } else if (route.method() != request.method()) {
        request.response().putHeader("Allow", route.method().name());
        exchange.fail(
            new ApiError(
                405,
                "method_not_allowed",
                request.path() + " accepts " + route.method().name() + " only"));
      } else {
        route.handler().handle(exchange);
      }
    } catch (RuntimeException e) {
      exchange.fail(e);
    }
  }

  private void ended(Exchange exchange) {
    metrics.request(exchange.route(), exchange.status());
    if (inFlight.decrementAndGet() == 0 && closing) {
      Promise<Void> p = drained;
      if (p != null) {
        p.tryComplete();
      }
    }
  }

  /**
   * Graceful: new requests get 503, requests in flight finish (up to the shutdown grace), then the
   * producer flushes what it holds and closes.
   */
  public synchronized Future<Void> close() {
    if (closed != null) {
      return closed;
    }
    closing = true;
    Promise<Void> done = Promise.promise();
    drained = done;
    if (inFlight.get() == 0) {
      done.tryComplete();
    }
    long grace = options.shutdownGrace().toMillis();
    long timer = vertx.setTimer(Math.max(1, grace), id -> done.tryComplete());
    List<Future<Void>> shutdowns = new ArrayList<>();
    for (HttpServer server : servers) {
      shutdowns.add(server.shutdown(grace, TimeUnit.MILLISECONDS));
    }
    closed =
        done.future()
            .compose(
                v -> Future.join(shutdowns).transform(ignored -> Future.<Void>succeededFuture()))
            .compose(
                v -> {
                  vertx.cancelTimer(timer);
                  if (inFlight.get() > 0) {
                    LOG.warn(
                        "{} request(s) still in flight after the shutdown grace", inFlight.get());
                  }
                  return vertx.executeBlocking(
                      () -> {
                        log.close(Duration.ofSeconds(10));
                        probe.close();
                        return null;
                      });
                })
            .compose(
                v -> {
                  List<Future<Void>> undeploys = new ArrayList<>();
                  for (String id : deployments) {
                    undeploys.add(vertx.undeploy(id));
                  }
                  return Future.join(undeploys)
                      .transform(ignored -> Future.<Void>succeededFuture());
                })
            .onComplete(v -> LOG.info("gateway closed"));
    return closed;
  }
}
