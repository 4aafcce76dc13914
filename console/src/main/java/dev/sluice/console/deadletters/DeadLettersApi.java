package dev.sluice.console.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.console.ConsoleState;
import dev.sluice.console.http.ApiException;
import dev.sluice.console.http.ConsoleJson;
import dev.sluice.console.http.Queries;
import dev.sluice.console.http.Replies;
import dev.sluice.console.kafka.RecordJson;
import dev.sluice.runtime.deadletter.Cursor;
import dev.sluice.runtime.deadletter.DeadLetter;
import dev.sluice.runtime.deadletter.DeadLetterException;
import dev.sluice.runtime.deadletter.DeadLetterPage;
import dev.sluice.runtime.deadletter.DeadLetterReader;
import dev.sluice.runtime.deadletter.DeadLetterReplayer;
import dev.sluice.runtime.deadletter.FailureContext;
import dev.sluice.runtime.deadletter.Position;
import dev.sluice.runtime.deadletter.ReplaySummary;
import dev.sluice.runtime.kafka.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Dead letters view, over the runtime's dead-letter library (the one {@code sluice replay}
 * uses), so the console lists and replays exactly as the command does.
 *
 * <p>{@code GET /api/destinations/{ns}/{name}/dead-letters?limit=&after=}: a page in topic order
 * (partition, then offset, as {@code sluice replay} lists them), each with its failure context and
 * the original message; {@code next} is the cursor of the following page. {@code POST
 * .../dead-letters/replay} with {@code {"confirm": true, "position": "0:3"}} or {@code {"confirm":
 * true, "all": true}}: writes them back to their Source topic for this Destination only (decision
 * 0115). A letter whose Connection no longer feeds the Destination is skipped, with why.
 */
public final class DeadLettersApi {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final ConsoleState state;
  private final KafkaSettings kafka;

  public DeadLettersApi(Vertx vertx, ConsoleState state, String bootstrapServers) {
    this.vertx = vertx;
    this.state = state;
    this.kafka = KafkaSettings.of(bootstrapServers);
  }

  public void mount(Router router) {
    router.get("/api/destinations/:ns/:name/dead-letters").handler(this::page);
    router.post("/api/destinations/:ns/:name/dead-letters/replay").handler(this::replay);
  }

  private void page(RoutingContext ctx) {
    WorkerConfig worker = state.destination(ctx.pathParam("ns"), ctx.pathParam("name"));
    int limit = Queries.intParam(ctx, "limit", 20, 1, 100);
    Cursor from;
    try {
      from = Cursor.parse(ctx.queryParams().get("after"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("after: " + e.getMessage());
    }
    Replies.when(
        ctx,
        vertx.executeBlocking(
            () -> {
              try (DeadLetterReader reader =
                  new DeadLetterReader(kafka, worker.deadLetterTopic(), TIMEOUT)) {
                DeadLetterPage page = reader.read(from, limit);
                ObjectNode out = ConsoleJson.object();
                out.put("topic", worker.deadLetterTopic());
                out.put("total", reader.count());
                out.put("next", page.end() ? null : page.next().toString());
                ArrayNode items = out.putArray("items");
                page.letters().forEach(letter -> items.add(item(letter)));
                return out;
              } catch (DeadLetterException e) {
                throw new ApiException(503, e.getMessage());
              }
            },
            false));
  }

  static ObjectNode item(DeadLetter letter) {
    ObjectNode item = ConsoleJson.object();
    FailureContext f = letter.failure();
    item.put("position", letter.position().toString());
    item.put("partition", letter.partition());
    item.put("offset", letter.offset());
    item.put("timestamp", letter.timestamp().toString());
    item.put("connection", f.connection());
    item.put("attempts", f.attempts());
    item.put("lastStatus", f.lastStatus());
    item.put("lastError", f.lastError());
    item.put("firstAttempt", f.firstAttempt() == null ? null : f.firstAttempt().toString());
    item.put("lastAttempt", f.lastAttempt() == null ? null : f.lastAttempt().toString());
    item.put(
        "original",
        f.originalTopic().isEmpty()
            ? null
            : f.originalTopic() + " " + f.originalPartition() + ":" + f.originalOffset());
    item.put("replayedFrom", f.replayedFrom().isEmpty() ? null : f.replayedFrom());
    item.put("notReplayable", DeadLetterReplayer.notReplayable(letter));
    ObjectNode message = RecordJson.parse(letter.value());
    if (message != null) {
      item.set("message", message);
    } else {
      item.put("text", letter.message());
    }
    return item;
  }

  private void replay(RoutingContext ctx) {
    WorkerConfig worker = state.destination(ctx.pathParam("ns"), ctx.pathParam("name"));
    JsonNode body = body(ctx);
    if (!body.path("confirm").asBoolean(false)) {
      throw ApiException.badRequest(
          "a replay delivers the messages again: send \"confirm\": true to go ahead");
    }
    Set<String> connections =
        worker.connections().stream().map(ConnectionConfig::name).collect(Collectors.toSet());
    Function<DeadLetter, String> veto =
        d ->
            connections.contains(d.failure().connection())
                ? null
                : "connection '"
                    + d.failure().connection()
                    + "' no longer feeds "
                    + worker.destination();
    if (body.path("all").asBoolean(false)) {
      Replies.when(ctx, vertx.executeBlocking(() -> replayAll(worker, veto), false));
    } else if (body.hasNonNull("position")) {
      Position position;
      try {
        position = Position.parse(body.get("position").asText());
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
      replayOne(ctx, worker, position, veto);
    } else {
      throw ApiException.badRequest("say which: \"position\": \"0:3\" or \"all\": true");
    }
  }

  private ObjectNode replayAll(WorkerConfig worker, Function<DeadLetter, String> veto) {
    try (DeadLetterReplayer replayer =
            new DeadLetterReplayer(kafka, worker.namespace(), worker.destination());
        DeadLetterReader reader = new DeadLetterReader(kafka, worker.deadLetterTopic(), TIMEOUT)) {
      return summary(replayer.replayAll(reader, veto, false, TIMEOUT));
    } catch (DeadLetterException e) {
      throw new ApiException(503, e.getMessage());
    }
  }

  /** Finds the letter on a worker thread, sends it from this context, closes the producer. */
  private void replayOne(
      RoutingContext ctx,
      WorkerConfig worker,
      Position position,
      Function<DeadLetter, String> veto) {
    vertx
        .executeBlocking(
            () -> {
              try (DeadLetterReader reader =
                  new DeadLetterReader(kafka, worker.deadLetterTopic(), TIMEOUT)) {
                DeadLetter letter =
                    reader
                        .find(position)
                        .orElseThrow(
                            () ->
                                ApiException.notFound(
                                    "dead letter " + position + " in " + worker.deadLetterTopic()));
                String why = DeadLetterReplayer.notReplayable(letter);
                if (why == null) {
                  why = veto.apply(letter);
                }
                if (why != null) {
                  throw new ApiException(409, "dead letter " + position + " " + why);
                }
                return letter;
              } catch (DeadLetterException e) {
                throw new ApiException(503, e.getMessage());
              }
            },
            false)
        .compose(
            letter -> {
              DeadLetterReplayer replayer =
                  new DeadLetterReplayer(kafka, worker.namespace(), worker.destination());
              Future<ObjectNode> sent =
                  replayer
                      .replay(letter)
                      .map(
                          metadata ->
                              summary(
                                  new ReplaySummary(
                                      java.util.List.of(letter), java.util.List.of())));
              return sent.eventually(
                  () ->
                      vertx.executeBlocking(
                          () -> {
                            replayer.close();
                            return null;
                          },
                          false));
            })
        .onComplete(
            done -> {
              if (done.succeeded()) {
                Replies.json(ctx, done.result());
              } else {
                Replies.error(ctx, done.cause());
              }
            });
  }

  private static ObjectNode summary(ReplaySummary summary) {
    ObjectNode out = ConsoleJson.object();
    out.put("replayed", summary.replayed().size());
    ArrayNode positions = out.putArray("replayedPositions");
    summary.replayed().forEach(d -> positions.add(d.position().toString()));
    ArrayNode skipped = out.putArray("skipped");
    for (ReplaySummary.Skipped s : summary.skipped()) {
      skipped
          .addObject()
          .put("position", s.letter().position().toString())
          .put("reason", s.reason());
    }
    return out;
  }

  private static JsonNode body(RoutingContext ctx) {
    try {
      return ctx.body() == null || ctx.body().length() == 0
          ? ConsoleJson.object()
          : ConsoleJson.mapper().readTree(ctx.body().buffer().getBytes());
    } catch (Exception e) {
      throw ApiException.badRequest("the body is not JSON: " + e.getMessage());
    }
  }
}
