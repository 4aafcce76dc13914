package dev.sluice.console.debugger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.SourceConfig;
import dev.sluice.console.ConsoleState;
import dev.sluice.console.http.ApiException;
import dev.sluice.console.http.ConsoleJson;
import dev.sluice.console.http.Queries;
import dev.sluice.console.http.Replies;
import dev.sluice.console.http.Sse;
import dev.sluice.console.kafka.ConsoleKafka;
import io.vertx.core.Context;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /api/sources/{ns}/{name}/live?types=&event=&cel=&recent=}: server-sent events {@code
 * ready}, then {@code messages} (a batch of entries, newest last; rejected ones with {@code code}
 * and {@code reason}) and {@code skipped} (how many matching messages were not sent because they
 * came faster than a person reads). At most {@link #MAX_OPEN} streams are open at once; each has
 * its own consumer thread, stopped when the browser goes away.
 */
public final class DebuggerApi {
  static final int MAX_OPEN = 8;

  private final ConsoleState state;
  private final ConsoleKafka kafka;
  private final AtomicInteger open = new AtomicInteger();
  private final Set<LiveTail> tails = ConcurrentHashMap.newKeySet();

  public DebuggerApi(ConsoleState state, ConsoleKafka kafka) {
    this.state = state;
    this.kafka = kafka;
  }

  public void mount(Router router) {
    router.get("/api/sources/:ns/:name/live").handler(this::live);
  }

  /** Open debugger streams; tests check that closing a view ends its consumer. */
  public int openStreams() {
    return open.get();
  }

  /** Stops every open stream's consumer (the console is closing). */
  public void close() {
    tails.forEach(LiveTail::stop);
  }

  private void live(RoutingContext ctx) {
    SourceConfig source = state.source(ctx.pathParam("ns"), ctx.pathParam("name"));
    int recent = Queries.intParam(ctx, "recent", 20, 0, 100);
    String types = ctx.queryParams().get("types");
    String event = ctx.queryParams().get("event");
    String cel = ctx.queryParams().get("cel");
    // Compiling CEL loads classes and can take seconds the first time: not on the event loop.
    ctx.vertx()
        .executeBlocking(() -> DebuggerFilter.of(types, event, cel), false)
        .onSuccess(filter -> start(ctx, source, filter, recent))
        .onFailure(e -> Replies.error(ctx, e));
  }

  private void start(RoutingContext ctx, SourceConfig source, DebuggerFilter filter, int recent) {
    if (open.incrementAndGet() > MAX_OPEN) {
      open.decrementAndGet();
      Replies.error(
          ctx,
          new ApiException(
              503, "too many open debugger views (" + MAX_OPEN + "); close one and try again"));
      return;
    }
    Sse sse = Sse.start(ctx);
    Context context = ctx.vertx().getOrCreateContext();
    LiveTail tail =
        new LiveTail(
            kafka,
            source.topic(),
            source.rejectedTopic(),
            filter,
            recent,
            batch ->
                context.runOnContext(
                    v -> {
                      ObjectNode data = ConsoleJson.object();
                      data.set("entries", ConsoleJson.mapper().valueToTree(batch.entries()));
                      long skipped =
                          batch.skipped()
                              + (sse.send("messages", data) ? 0 : batch.entries().size());
                      if (skipped > 0) {
                        sse.send("skipped", ConsoleJson.object().put("count", skipped));
                      }
                    }),
            () ->
                context.runOnContext(
                    v -> sse.send("ready", ConsoleJson.object().put("topic", source.topic()))),
            problem ->
                context.runOnContext(
                    v -> {
                      sse.send("error", ConsoleJson.object().put("error", problem));
                      sse.close();
                    }));
    Thread thread = new Thread(tail, "sluice-console-debugger-" + source.name());
    thread.setDaemon(true);
    tails.add(tail);
    sse.onClose(
        () -> {
          tails.remove(tail);
          tail.stop();
          open.decrementAndGet();
        });
    thread.start();
  }
}
