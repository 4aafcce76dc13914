package dev.sluice.console.destinations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.SourceConfig;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.api.routing.ConnectionRouter;
import dev.sluice.api.routing.RouteCompileException;
import dev.sluice.api.routing.RouteOutcome;
import dev.sluice.console.ConsoleState;
import dev.sluice.console.http.ApiException;
import dev.sluice.console.http.ConsoleJson;
import dev.sluice.console.http.Replies;
import dev.sluice.console.kafka.Page;
import dev.sluice.console.kafka.RecordJson;
import dev.sluice.console.kafka.TopicPages;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/destinations/{ns}/{name}/connections/{connection}/preview} with {@code
 * {"message": {...}}} (optional): what the Connection's filter and transforms do to that message,
 * or, without one, to the newest message of its Source (or a made-up track event when the Source
 * has none). The same router the workers run, so the answer is what delivery would do. Changes
 * nothing.
 */
public final class PreviewApi {
  private final Vertx vertx;
  private final ConsoleState state;
  private final TopicPages pages;

  public PreviewApi(Vertx vertx, ConsoleState state, TopicPages pages) {
    this.vertx = vertx;
    this.state = state;
    this.pages = pages;
  }

  public void mount(Router router) {
    router
        .post("/api/destinations/:ns/:name/connections/:connection/preview")
        .handler(this::preview);
  }

  private void preview(RoutingContext ctx) {
    WorkerConfig worker = state.destination(ctx.pathParam("ns"), ctx.pathParam("name"));
    String name = ctx.pathParam("connection");
    ConnectionConfig connection =
        worker.connections().stream()
            .filter(c -> c.name().equals(name))
            .findFirst()
            .orElseThrow(() -> ApiException.notFound("Connection " + name));
    ObjectNode given = given(ctx);
    vertx
        .executeBlocking(
            () -> {
              String from = "request";
              ObjectNode sample = given;
              if (sample == null) {
                sample = newest(worker.namespace(), connection);
                from = sample == null ? "example" : "latest";
                if (sample == null) {
                  sample = example();
                }
              }
              return route(worker, connection, sample, from);
            },
            false)
        .onComplete(
            done -> {
              if (done.succeeded()) {
                Replies.json(ctx, done.result());
              } else {
                Replies.error(ctx, done.cause());
              }
            });
  }

  private static ObjectNode given(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() == 0) {
      return null;
    }
    JsonNode body;
    try {
      body = ConsoleJson.mapper().readTree(ctx.body().buffer().getBytes());
    } catch (Exception e) {
      throw ApiException.badRequest("the body is not JSON: " + e.getMessage());
    }
    JsonNode message = body.path("message");
    if (message.isMissingNode() || message.isNull()) {
      return null;
    }
    if (!(message instanceof ObjectNode object)) {
      throw ApiException.badRequest("message must be a JSON object");
    }
    return object;
  }

  private ObjectNode newest(String namespace, ConnectionConfig connection) {
    SourceConfig source =
        state.snapshot().compilation().gateway().sources().stream()
            .filter(s -> s.topic().equals(connection.topic()))
            .findFirst()
            .orElse(null);
    String topic = source == null ? connection.topic() : source.topic();
    Page page = pages.newest(topic, 1, null);
    return page.records().isEmpty() ? null : RecordJson.parse(page.records().get(0).value());
  }

  static ObjectNode example() {
    ObjectNode m = ConsoleJson.object();
    m.put("type", "track");
    m.put("event", "Order Completed");
    m.put("userId", "user-1");
    m.putObject("properties").put("revenue", 42.5).put("currency", "EUR");
    m.putObject("context").put("ip", "203.0.113.7");
    m.put("messageId", "console-example");
    return m;
  }

  static ObjectNode route(
      WorkerConfig worker, ConnectionConfig connection, ObjectNode sample, String from) {
    ConnectionRouter router;
    try {
      router = ConnectionRouter.compile(connection, worker.integrationName());
    } catch (RouteCompileException e) {
      throw new ApiException(409, "the Connection does not compile: " + e.getMessage());
    }
    ObjectNode out = ConsoleJson.object();
    out.put("sampleFrom", from);
    out.set("before", sample);
    RouteOutcome outcome = router.route(sample);
    if (outcome instanceof RouteOutcome.Pass pass) {
      out.put("outcome", "pass");
      out.set("after", pass.message());
    } else if (outcome instanceof RouteOutcome.Filtered filtered) {
      out.put("outcome", "filtered");
      out.put("reason", filtered.reason().label());
      out.put("detail", filtered.detail());
      out.putNull("after");
    }
    return out;
  }
}
