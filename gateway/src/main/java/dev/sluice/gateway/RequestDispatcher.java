package dev.sluice.gateway;

import dev.sluice.api.message.ErrorCode;
import dev.sluice.gateway.admission.Admission;
import dev.sluice.gateway.admission.AnswerDeadline;
import dev.sluice.gateway.auth.SourceIndex;
import dev.sluice.gateway.http.ApiError;
import dev.sluice.gateway.http.Exchange;
import dev.sluice.gateway.http.HeaderDeadline;
import dev.sluice.gateway.http.PercentEscapes;
import dev.sluice.gateway.metrics.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands each request to its route under the Source index it started with, answers what no route
 * takes, and counts requests in flight so that a graceful stop knows when they are done.
 */
final class RequestDispatcher {
  private final Routes routes;
  private final GatewayMetrics metrics;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Promise<Void> drained = Promise.promise();
  private volatile SourceIndex sources;
  private volatile boolean closing;

  private final HeaderDeadline headers;
  private final AnswerDeadline deadline;

  RequestDispatcher(
      Routes routes, GatewayMetrics metrics, HeaderDeadline headers, AnswerDeadline deadline) {
    this.routes = routes;
    this.metrics = metrics;
    this.headers = headers;
    this.deadline = deadline;
  }

  /** Requests already started finish under the index they began with. */
  void sources(SourceIndex sources) {
    this.sources = sources;
  }

  boolean hasSources() {
    return sources != null;
  }

  void handle(HttpServerRequest request, Admission admission) {
    inFlight.incrementAndGet();
    headers.requestStarted(request.connection());
    Routes.Route route =
        request.method() == HttpMethod.OPTIONS ? Routes.PREFLIGHT : routes.match(request.path());
    Exchange exchange =
        new Exchange(request, sources, route == null ? "unmatched" : route.name(), this::ended);
    try {
      if (closing) {
        request.response().putHeader("Connection", "close");
        exchange.fail(new ApiError(ErrorCode.SHUTTING_DOWN, "the gateway is shutting down", 1));
        return;
      }
      String keepAlive = headers.keepAliveHint(); // removed again if the answer closes
      if (keepAlive != null) {
        request.response().putHeader("Keep-Alive", keepAlive);
      }
      if (!PercentEscapes.valid(request.uri())) {
        // Checked before anything decodes the URI: decoders' errors quote it whole, write key and
        // all, and would surface as a 500.
        exchange.fail(
            new ApiError(
                ErrorCode.INVALID_URL,
                "the URL has a % not followed by two hexadecimal digits; escape % as %25"));
      } else if (route == null) {
        exchange.fail(new ApiError(ErrorCode.NOT_FOUND, "no such path: " + request.path()));
      } else if (route.method() != request.method()) {
        request.response().putHeader("Allow", route.method().name());
        exchange.fail(
            new ApiError(
                ErrorCode.METHOD_NOT_ALLOWED,
                request.path() + " accepts " + route.method().name() + " only"));
      } else if (route.admitted()) {
        admit(exchange, route, admission);
      } else {
        route.handler().handle(exchange);
      }
    } catch (RuntimeException e) {
      exchange.fail(e);
    }
  }

  /**
   * A message-carrying request: refused at its headers when the loop or Kafka has enough to do,
   * else handled under the answer deadline.
   */
  private void admit(Exchange exchange, Routes.Route route, Admission admission) {
    Admission.Refusal refusal = admission.tryAdmit();
    if (refusal != null) {
      metrics.refused(refusal.label());
      exchange.closeAfterAnswer();
      exchange.fail(
          new ApiError(
              ErrorCode.OVERLOADED,
              refusal == Admission.Refusal.IN_FLIGHT
                  ? "the gateway has too much waiting for Kafka; retry shortly"
                  : "the gateway is reading as many requests as it can; retry shortly",
              1));
      return;
    }
    exchange.holdSlot(admission::release);
    deadline.arm(exchange);
    route.handler().handle(exchange);
  }

  private void ended(Exchange exchange) {
    if (exchange.aborted()) {
      metrics.aborted(exchange.route());
    } else {
      metrics.request(exchange.route(), exchange.status());
      headers.answered(exchange.request().connection());
    }
    if (inFlight.decrementAndGet() == 0 && closing) {
      drained.tryComplete();
    }
  }

  /** From now on new requests get 503; completes once none is in flight. */
  Future<Void> close() {
    closing = true;
    if (inFlight.get() == 0) {
      drained.tryComplete();
    }
    return drained.future();
  }

  boolean closing() {
    return closing;
  }

  int inFlight() {
    return inFlight.get();
  }
}
