package dev.sluice.gateway.ingest;

import dev.sluice.gateway.http.BodyReader;
import dev.sluice.gateway.http.Exchange;
import dev.sluice.gateway.metrics.GatewayMetrics;
import io.vertx.core.Handler;

/** {@code POST /v1/m}: analytics.js's own telemetry. Accepted and counted, nothing more. */
public final class TelemetryHandler implements Handler<Exchange> {
  private final GatewayMetrics metrics;

  public TelemetryHandler(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(Exchange exchange) {
    BodyReader.read(exchange.request(), exchange.sources().maxBodyBytes())
        .onSuccess(
            body -> {
              metrics.telemetry();
              exchange.success();
            })
        .onFailure(exchange::fail);
  }
}
