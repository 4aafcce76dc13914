package dev.sluice.workers.actions;

import dev.sluice.api.config.ActionsSettings;
import dev.sluice.workers.delivery.Connector;
import dev.sluice.workers.delivery.Delivery;
import dev.sluice.workers.delivery.SendResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends units to the actions runtime ({@code POST /v1/deliver}) over loopback HTTP. Batching,
 * order, rate limits, retries and dead letters stay the pipeline's, as for every connector; the
 * runtime only runs Segment's code once per call. An OAuth token the runtime refreshed is kept in
 * memory for later calls; the log and the gauge {@code
 * sluice_worker_actions_oauth_secret_stale{namespace,destination}} (1 from then on) say the Secret
 * is stale.
 */
public final class ActionsConnector implements Connector {
  private static final Logger LOG = LoggerFactory.getLogger(ActionsConnector.class);

  /** The gauge that is 1 once the Secret's OAuth token is stale; {@code WorkerStatus} reads it. */
  public static final String SECRET_STALE_GAUGE = "sluice.worker.actions.oauth.secret.stale";

  /** Beyond the destination's own timeout, time for the runtime to answer that it timed out. */
  private static final long ANSWER_MARGIN_MILLIS = 5000;

  private final ActionsSettings settings;
  private final HttpClient client;
  private final URI runtime;
  private final String destination;
  private final BatchLimits limits;
  private final RuntimeRequest request;
  private final AtomicInteger secretStale = new AtomicInteger();
  private final MeterRegistry registry;
  private final Gauge secretStaleGauge;
  private RuntimeRequest.Tokens tokens;

  public ActionsConnector(
      Vertx vertx,
      ActionsSettings settings,
      String runtimeUrl,
      int concurrency,
      MeterRegistry registry,
      String namespace,
      String destination) {
    this.settings = settings;
    this.registry = registry;
    this.secretStaleGauge =
        Gauge.builder(SECRET_STALE_GAUGE, secretStale, AtomicInteger::get)
            .description(
                "1 once the runtime refreshed the OAuth token: the worker uses it from memory and"
                    + " the Secret still holds the old one")
            .tag("namespace", namespace)
            .tag("destination", destination)
            .register(registry);
    this.runtime = URI.create(runtimeUrl);
    this.destination = destination;
    this.limits =
        new BatchLimits(
            settings.batchMaxEvents(), settings.batchMaxBytes(), settings.batchMaxWait());
    this.tokens =
        settings.oauth() == null
            ? null
            : new RuntimeRequest.Tokens(
                settings.oauth().accessToken(), settings.oauth().refreshToken());
    this.request = new RuntimeRequest(settings, tokens);
    this.client =
        vertx
            .httpClientBuilder()
            .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true))
            .with(
                new PoolOptions().setHttp1MaxSize(Math.max(1, concurrency)).setMaxWaitQueueSize(-1))
            .build();
  }

  @Override
  public BatchLimits limits() {
    return limits;
  }

  @Override
  public Future<SendResult> send(List<Delivery> unit) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(runtime.getHost())
            .setPort(runtime.getPort())
            .setURI("/v1/deliver")
            .setTimeout(settings.timeout().toMillis() + ANSWER_MARGIN_MILLIS)
            .putHeader("Content-Type", "application/json");
    return client
        .request(options)
        .compose(r -> r.send(request.body(unit, limits.batching())))
        .compose(
            response ->
                response
                    .body()
                    .map(
                        body -> {
                          if (response.statusCode() != 200) {
                            return new SendResult.Retryable(
                                0,
                                "the actions runtime answered HTTP "
                                    + response.statusCode()
                                    + ": "
                                    + body.toString(),
                                null);
                          }
                          JsonObject answer = body.toJsonObject();
                          refreshed(answer.getJsonObject("oauth"));
                          return Outcomes.of(answer.getJsonArray("results"), unit.size());
                        }))
        .otherwise(
            error ->
                new SendResult.Retryable(
                    0, "actions runtime at " + runtime + " did not answer: " + error, null));
  }

  private void refreshed(JsonObject oauth) {
    if (oauth == null || oauth.getString("accessToken") == null) {
      return;
    }
    String refresh = oauth.getString("refreshToken");
    tokens =
        new RuntimeRequest.Tokens(
            oauth.getString("accessToken"),
            refresh != null ? refresh : tokens == null ? null : tokens.refreshToken());
    request.rebuild(tokens);
    secretStale.set(1);
    LOG.warn(
        "destination {}: {} refreshed its OAuth access token; the worker uses the new token from"
            + " memory and the Secret named in spec.actions.oauth.accessTokenRef is stale (update"
            + " it, or the next restart starts from the old token)",
        destination,
        settings.destination());
  }

  @Override
  public Future<Void> close() {
    registry.remove(secretStaleGauge);
    return client.close();
  }
}
