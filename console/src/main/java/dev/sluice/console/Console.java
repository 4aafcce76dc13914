package dev.sluice.console;

import dev.sluice.console.deadletters.DeadLettersApi;
import dev.sluice.console.debugger.DebuggerApi;
import dev.sluice.console.destinations.DestinationsApi;
import dev.sluice.console.destinations.PreviewApi;
import dev.sluice.console.http.ApiException;
import dev.sluice.console.http.Replies;
import dev.sluice.console.kafka.ConsoleKafka;
import dev.sluice.console.kafka.TopicPages;
import dev.sluice.console.metrics.MetricStore;
import dev.sluice.console.problems.ProblemsApi;
import dev.sluice.console.sources.SourcesApi;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;

/**
 * The web console: its API routes, declared here in one place, and the front end's static files
 * (built into this jar under {@code sluice-console/}). Give {@link #handler()} to a management
 * server and {@link #update} every applied change of the manifests.
 */
public final class Console implements AutoCloseable {
  /** How often the meters are sampled: the resolution of the events-per-second sparkline. */
  static final long SAMPLE_MS = 1000;

  private final Vertx vertx;
  private final ConsoleState state;
  private final MetricStore metrics;
  private final Router router;
  private final DebuggerApi debugger;
  private final long sampler;

  private Console(
      Vertx vertx, MeterRegistry registry, String bootstrapServers, ConsoleSnapshot initial) {
    this.vertx = vertx;
    this.state = new ConsoleState(initial);
    this.metrics = new MetricStore(Clock.systemUTC());
    ConsoleKafka kafka = new ConsoleKafka(bootstrapServers);
    TopicPages pages = new TopicPages(kafka);
    this.router = Router.router(vertx);
    router.route("/api/*").handler(Console::sameOriginWrites);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(256 * 1024));
    new SourcesApi(vertx, state, metrics, pages).mount(router);
    this.debugger = new DebuggerApi(state, kafka);
    debugger.mount(router);
    new DestinationsApi(state, metrics).mount(router);
    new PreviewApi(vertx, state, pages).mount(router);
    new DeadLettersApi(vertx, state, bootstrapServers).mount(router);
    new ProblemsApi(state).mount(router);
    router
        .route("/api/*")
        .handler(ctx -> Replies.error(ctx, ApiException.notFound(ctx.request().path())));
    router
        .route("/*")
        .handler(
            StaticHandler.create("sluice-console")
                .setCachingEnabled(false)
                .setIndexPage("index.html"));
    router.route("/*").failureHandler(Console::failure);
    metrics.sample(registry);
    this.sampler = vertx.setPeriodic(SAMPLE_MS, id -> metrics.sample(registry));
  }

  /**
   * @param registry the meters of the gateway and the pipelines running in this process
   * @param bootstrapServers the Kafka cluster the views read
   */
  public static Console create(
      Vertx vertx, MeterRegistry registry, String bootstrapServers, ConsoleSnapshot initial) {
    return new Console(vertx, registry, bootstrapServers, initial);
  }

  public Handler<HttpServerRequest> handler() {
    return router;
  }

  /** A new version of the manifests was applied: views such as Problems update. */
  public void update(ConsoleSnapshot snapshot) {
    state.update(snapshot);
  }

  public int openDebuggerStreams() {
    return debugger.openStreams();
  }

  public int openProblemStreams() {
    return state.listenerCount();
  }

  @Override
  public void close() {
    vertx.cancelTimer(sampler);
    debugger.close();
  }

  /**
   * The console binds to loopback, but a page on another site could still make the browser post to
   * it: writes need {@code Content-Type: application/json} (which a cross-site form cannot send
   * without a preflight that is never allowed) and, when the browser names its origin, this host.
   */
  private static void sameOriginWrites(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      String type = request.getHeader("Content-Type");
      String origin = request.getHeader("Origin");
      if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
        Replies.error(ctx, new ApiException(415, "send Content-Type: application/json"));
        return;
      }
      if (origin != null && !origin.equals("http://" + request.authority())) {
        Replies.error(ctx, new ApiException(403, "cross-origin writes are not allowed"));
        return;
      }
    }
    ctx.next();
  }

  private static void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure == null) {
      ctx.response().setStatusCode(ctx.statusCode()).end();
      return;
    }
    Replies.error(ctx, failure);
  }
}
