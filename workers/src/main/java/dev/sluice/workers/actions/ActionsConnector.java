package dev.sluice.workers.actions;

import dev.sluice.api.config.ActionsSettings;
import dev.sluice.workers.delivery.Connector;
import dev.sluice.workers.delivery.Delivery;
import dev.sluice.workers.delivery.SendResult;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends units to the actions runtime ({@code POST /v1/deliver}) over loopback HTTP. Batching,
 * order, rate limits, retries and dead letters stay the pipeline's, as for every connector; the
 * runtime only runs Segment's code once per call. An OAuth token the runtime refreshed is kept in
 * memory for later calls, and the log says the Secret is stale.
 */
public final class ActionsConnector implements Connector {
  private static final Logger LOG = LoggerFactory.getLogger(ActionsConnector.class);

  /** Beyond the destination's own timeout, time for the runtime to answer that it timed out. */
  private static final long ANSWER_MARGIN_MILLIS = 5000;

  private final ActionsSettings settings;
  private final HttpClient client;
  private final URI runtime;
  private final String destination;
  private final BatchLimits limits;
  private final RuntimeRequest request;
  private RuntimeRequest.Tokens tokens;

  public ActionsConnector(
      Vertx vertx,
      ActionsSettings settings,
      String runtimeUrl,
      int concurrency,
      String destination) {
    this.settings = settings;
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
    LOG.warn(
        "destination {}: {} refreshed its OAuth access token; the worker uses the new token from"
            + " memory and the Secret named in spec.actions.oauth.accessTokenRef is stale (update"
            + " it, or the next restart starts from the old token)",
        destination,
        settings.destination());
  }

  /** Whether the runtime refreshed the token since this connector started (for tests). */
  public boolean tokenRefreshed() {
    return tokens != null
        && settings.oauth() != null
        && !tokens.accessToken().equals(settings.oauth().accessToken());
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
