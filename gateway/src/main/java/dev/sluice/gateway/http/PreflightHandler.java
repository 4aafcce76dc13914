package dev.sluice.gateway.http;

import dev.sluice.api.message.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * CORS preflight. A preflight carries no write key, so an origin passes when any Source allows it;
 * the real request is then answered with that Source's own origins.
 */
public final class PreflightHandler implements Handler<Exchange> {
  @Override
  public void handle(Exchange exchange) {
    String origin = exchange.request().getHeader("Origin");
    if (origin == null || !exchange.sources().anySourceAllows(origin)) {
      exchange.fail(
          new ApiError(ErrorCode.ORIGIN_NOT_ALLOWED, "no Source allows requests from " + origin));
      return;
    }
    HttpServerResponse response = exchange.request().response();
    response.putHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    response.putHeader(
        "Access-Control-Allow-Headers", "Authorization, Content-Type, X-Retry-Count, X-Write-Key");
    response.putHeader("Access-Control-Max-Age", "86400");
    exchange.respond(204, null, Buffer.buffer(), 0);
  }
}
