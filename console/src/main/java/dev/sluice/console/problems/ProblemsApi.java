package dev.sluice.console.problems;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.compiler.Diagnostic;
import dev.sluice.console.ConsoleSnapshot;
import dev.sluice.console.ConsoleState;
import dev.sluice.console.Problem;
import dev.sluice.console.http.ConsoleJson;
import dev.sluice.console.http.Replies;
import dev.sluice.console.http.Sse;
import io.vertx.core.Context;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/problems}: every diagnostic (file, severity, resource, field, message). {@code
 * GET /api/problems/live}: the same as server-sent {@code problems} events, once at the start and
 * again after every applied change of the folder.
 */
public final class ProblemsApi {
  private final ConsoleState state;

  public ProblemsApi(ConsoleState state) {
    this.state = state;
  }

  public void mount(Router router) {
    router.get("/api/problems").handler(ctx -> Replies.json(ctx, describe(state.snapshot())));
    router.get("/api/problems/live").handler(this::live);
  }

  private void live(RoutingContext ctx) {
    Sse sse = Sse.start(ctx);
    Context context = ctx.vertx().getOrCreateContext();
    sse.send("problems", describe(state.snapshot()));
    Runnable stop =
        state.listen(
            snapshot -> context.runOnContext(v -> sse.send("problems", describe(snapshot))));
    sse.onClose(stop);
  }

  static ObjectNode describe(ConsoleSnapshot snapshot) {
    ObjectNode out = ConsoleJson.object();
    ArrayNode list = out.putArray("problems");
    long errors = 0;
    for (Problem problem : snapshot.problems()) {
      Diagnostic d = problem.diagnostic();
      errors += d.isError() ? 1 : 0;
      ObjectNode p = list.addObject();
      p.put("file", problem.file());
      p.put("severity", d.severity().name());
      p.put("kind", d.kind());
      p.put("namespace", d.namespace());
      p.put("name", d.name());
      p.put("field", d.field());
      p.put("message", d.message());
    }
    out.put("errors", errors);
    out.put("warnings", snapshot.problems().size() - errors);
    return out;
  }
}
