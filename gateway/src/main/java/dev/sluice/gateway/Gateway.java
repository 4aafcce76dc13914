package dev.sluice.gateway;

import dev.sluice.api.config.GatewayConfig;
import dev.sluice.gateway.admission.Admission;
import dev.sluice.gateway.admission.AnswerDeadline;
import dev.sluice.gateway.auth.SourceIndex;
import dev.sluice.gateway.http.ClientIp;
import dev.sluice.gateway.http.HeaderDeadline;
import dev.sluice.gateway.ingest.IngestPipeline;
import dev.sluice.gateway.kafka.EventLog;
import dev.sluice.gateway.kafka.KafkaProbe;
import dev.sluice.gateway.limits.RateLimits;
import dev.sluice.gateway.metrics.GatewayMetrics;
import dev.sluice.runtime.ReadinessCheck;
import dev.sluice.runtime.kafka.KafkaClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
  private final RequestDispatcher dispatcher;
  private final HeaderDeadline headerDeadline;
  private final List<String> deployments = new CopyOnWriteArrayList<>();
  private final List<Admission> admissions = new CopyOnWriteArrayList<>();
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private final ReadinessCheck readiness;
  private Future<Void> closed;
  private volatile int port;

  private Gateway(
      Vertx vertx, GatewayOptions options, GatewayConfig config, MeterRegistry registry) {
    this.vertx = vertx;
    this.options = options;
    this.metrics = new GatewayMetrics(registry);
    this.log =
        new EventLog(
            KafkaClients.gatewayProducer(
                options.kafka(), options.deliveryTimeout(), options.maxInFlightBytes()),
            KafkaClients.gatewayIdleProducer(
                options.kafka(), options.deliveryTimeout(), options.maxInFlightBytes()),
            options.maxInFlightMessages(),
            options.maxInFlightBytes(),
            // Kafka's own delivery timeout answers first; this bounds a wait for the sender thread.
            options.deliveryTimeout().plusSeconds(2),
            metrics);
    this.probe =
        new KafkaProbe(
            vertx,
            KafkaClients.admin(options.kafka(), "sluice-gateway-probe"),
            Duration.ofSeconds(2));
    ClientIp clientIp = new ClientIp(options.trustedProxies());
    this.headerDeadline = new HeaderDeadline(vertx, options.headerTimeout());
    this.dispatcher =
        new RequestDispatcher(
            new Routes(
                new IngestPipeline(Clock.systemUTC(), log, rates, metrics, clientIp),
                metrics,
                clientIp),
            metrics,
            headerDeadline,
            // The event log's deadline (below) from the headers: reading and parsing count too.
            new AnswerDeadline(vertx, options.deliveryTimeout().plusSeconds(2)));
    metrics.reading(() -> admissions.stream().mapToInt(Admission::reading).sum());
    this.readiness =
        ReadinessCheck.of(
            "gateway",
            () -> {
              if (!dispatcher.hasSources()) {
                return "no configuration loaded";
              }
              if (dispatcher.closing()) {
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
                  options.kafka().bootstrapServers());
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
                // One per event loop: its counter is only touched by the loop's own thread.
                Admission admission = new Admission(options.maxReadingRequests(), log::full);
                admissions.add(admission);
                return vertx
                    .createHttpServer(serverOptions(options))
                    .connectionHandler(headerDeadline::connected)
                    .requestHandler(request -> dispatcher.handle(request, admission))
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

  private static HttpServerOptions serverOptions(GatewayOptions options) {
    return new HttpServerOptions()
        .setHandle100ContinueAutomatically(true)
        // HTTP/1.1 only (decision 0044): cleartext HTTP/2 is not offered; TLS and HTTP/2 end at the
        // ingress in front of the gateway.
        .setHttp2ClearTextEnabled(false)
        // The pixel carries a whole message in its URL.
        .setMaxInitialLineLength(64 * 1024)
        .setMaxHeaderSize(32 * 1024)
        .setIdleTimeout((int) Math.max(1, options.idleTimeout().toMillis()))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setTcpNoDelay(true);
  }

  /** Applies a new configuration; requests already started finish under the one they began with. */
  public void update(GatewayConfig config) {
    rates.update(config);
    dispatcher.sources(SourceIndex.of(config));
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
    return dispatcher.inFlight();
  }

  /** Messages handed to Kafka and not yet acknowledged. */
  int kafkaInFlightMessages() {
    return log.inFlightMessages();
  }

  /** Ready with a configuration loaded and Kafka answering. */
  public ReadinessCheck readiness() {
    return readiness;
  }

  /**
   * Graceful: new requests get 503, requests in flight finish (up to the shutdown grace), then the
   * producer flushes what it holds and closes.
   */
  public synchronized Future<Void> close() {
    if (closed != null) {
      return closed;
    }
    Promise<Void> done = Promise.promise();
    dispatcher.close().onComplete(v -> done.tryComplete());
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
                  if (dispatcher.inFlight() > 0) {
                    LOG.warn(
                        "{} request(s) still in flight after the shutdown grace",
                        dispatcher.inFlight());
                  }
                  // The admin client's close waits for its thread: not on an event loop.
                  return vertx
                      .executeBlocking(
                          () -> {
                            probe.close();
                            return null;
                          })
                      .compose(ignored -> log.close(Duration.ofSeconds(10)));
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
