package dev.sluice.console.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every answer of the API goes through here, so errors look the same everywhere. */
public final class Replies {
  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

  private Replies() {}

  public static void json(RoutingContext ctx, Object body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(ConsoleJson.encode(body));
  }

  /** Completes the request with the future's value, or with the error it failed with. */
  public static <T> void when(RoutingContext ctx, Future<T> future) {
    future.onComplete(
        done -> {
          if (done.succeeded()) {
            json(ctx, done.result());
          } else {
            error(ctx, done.cause());
          }
        });
  }

  public static void error(RoutingContext ctx, Throwable failure) {
    int status;
    String message;
    if (failure instanceof ApiException api) {
      status = api.status();
      message = api.getMessage();
    } else {
      status = 500;
      message = "the console could not answer: " + failure.getMessage();
      LOG.warn("console request {} failed", ctx.request().path(), failure);
    }
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", message).encode());
  }
}
