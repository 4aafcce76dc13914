package dev.sluice.workers.webhook;

import dev.sluice.api.config.DestinationSettings;
import dev.sluice.api.config.LinkLocal;
import dev.sluice.runtime.Version;
import dev.sluice.workers.delivery.Connector;
import dev.sluice.workers.delivery.Delivery;
import dev.sluice.workers.delivery.SendResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * POSTs a message (or {@code {"batch":[...]}}) with {@code Content-Type: application/json}, {@code
 * User-Agent: Sluice/<version>}, the configured headers and, with a signing secret, {@code
 * X-Signature}. 2xx is delivered; 408, 429, 5xx, timeouts and connection errors are retryable
 * (honouring {@code Retry-After}); other statuses are rejected.
 */
public final class WebhookConnector implements Connector {
  private static final byte[] BATCH_OPEN = "{\"batch\":[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] BATCH_CLOSE = "]}".getBytes(StandardCharsets.UTF_8);

  private final DestinationSettings.Webhook settings;
  private final HttpClient client;
  private final Signature signature;
  private final BatchLimits limits;
  private final WebhookTarget target;
  private final WebhookMetrics metrics;

  public WebhookConnector(Vertx vertx, DestinationSettings.Webhook settings, int concurrency) {
    this(vertx, settings, concurrency, WebhookMetrics.NONE);
  }

  public WebhookConnector(
      Vertx vertx, DestinationSettings.Webhook settings, int concurrency, WebhookMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
    this.signature =
        settings.signingSecret() == null ? null : new Signature(settings.signingSecret());
    this.limits =
        new BatchLimits(
            settings.batchMaxEvents(), settings.batchMaxBytes(), settings.batchMaxWait());
    this.target = new WebhookTarget(vertx, settings.url());
    long timeout = timeoutMillis();
    this.client =
        vertx
            .httpClientBuilder()
            .with(
                new HttpClientOptions()
                    .setKeepAlive(true)
                    .setTcpNoDelay(true)
                    .setConnectTimeout((int) Math.min(timeout, Integer.MAX_VALUE)))
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
    if (settings.allowLinkLocal()) {
      return send(unit, null);
    }
    // The address is checked after resolution and the request sent to that very address, so a
    // name that resolves differently a moment later (DNS rebinding) cannot slip past the check.
    return target
        .resolve()
        .compose(
            address -> {
              String refused = LinkLocal.refused(address);
              if (refused != null) {
                metrics.error();
                return Future.succeededFuture(
                    new SendResult.Rejected(
                        0,
                        "refused: "
                            + refused
                            + " (set spec.webhook.allowLinkLocal: true to allow it)"));
              }
              return send(
                  unit,
                  SocketAddress.inetSocketAddress(
                      new java.net.InetSocketAddress(address, target.port())));
            },
            error -> {
              metrics.error();
              return Future.succeededFuture(new SendResult.Retryable(0, describe(error), null));
            });
  }

  private Future<SendResult> send(List<Delivery> unit, SocketAddress server) {
    // Signed as an array and wrapped once: no copy of the body back out of the buffer to sign it.
    byte[] bytes = limits.batching() ? batchBytes(unit) : unit.get(0).body();
    Buffer body = Buffer.buffer(bytes);
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(settings.url())
            .setTimeout(timeoutMillis())
            .putHeader("Content-Type", "application/json")
            .putHeader("User-Agent", Version.USER_AGENT);
    if (server != null) {
      options.setServer(server);
    }
    // Redirects are never followed (Vert.x's default): a 3xx is a rejection, so a redirect cannot
    // lead to a refused address either.
    options.setFollowRedirects(false);
    settings.headers().forEach(options::putHeader);
    if (signature != null) {
      options.putHeader(Signature.HEADER, signature.sign(bytes));
    }
    return client
        .request(options)
        .compose(request -> request.send(body))
        .compose(
            response ->
                response
                    .body()
                    .map(
                        b -> {
                          metrics.response(response.statusCode());
                          return classify(response);
                        }))
        .otherwise(
            error -> {
              metrics.error();
              return new SendResult.Retryable(0, describe(error), null);
            });
  }

  @Override
  public Future<Void> close() {
    metrics.close();
    return client.close();
  }

  private long timeoutMillis() {
    return Math.max(1, settings.timeout().toMillis());
  }

  /** {@code {"batch":[...]}} with each message's bytes as they are, sized once. */
  static byte[] batchBytes(List<Delivery> unit) {
    int size = BATCH_OPEN.length + BATCH_CLOSE.length + Math.max(0, unit.size() - 1);
    for (Delivery d : unit) {
      size += d.body().length;
    }
    byte[] out = new byte[size];
    System.arraycopy(BATCH_OPEN, 0, out, 0, BATCH_OPEN.length);
    int at = BATCH_OPEN.length;
    for (int i = 0; i < unit.size(); i++) {
      if (i > 0) {
        out[at++] = ',';
      }
      byte[] b = unit.get(i).body();
      System.arraycopy(b, 0, out, at, b.length);
      at += b.length;
    }
    System.arraycopy(BATCH_CLOSE, 0, out, at, BATCH_CLOSE.length);
    return out;
  }

  static SendResult classify(HttpClientResponse response) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return SendResult.DELIVERED;
    }
    String error =
        "HTTP " + status + (response.statusMessage() == null ? "" : " " + response.statusMessage());
    if (status == 408 || status == 429 || status >= 500) {
      return new SendResult.Retryable(status, error, retryAfter(response.getHeader("Retry-After")));
    }
    return new SendResult.Rejected(status, error);
  }

  /** Seconds or an HTTP date; null when absent or unreadable. */
  static Duration retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      try {
        Duration d =
            Duration.between(
                ZonedDateTime.now(),
                ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
        return d.isNegative() ? Duration.ZERO : d;
      } catch (RuntimeException ignored) {
        return null;
      }
    }
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
