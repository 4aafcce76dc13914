package dev.sluice.console.deadletters;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.SluiceHeaders;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.console.ConsoleState;
import dev.sluice.console.http.ConsoleJson;
import dev.sluice.console.http.Queries;
import dev.sluice.console.http.Replies;
import dev.sluice.console.kafka.Cursor;
import dev.sluice.console.kafka.Page;
import dev.sluice.console.kafka.RecordJson;
import dev.sluice.console.kafka.TopicPages;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * {@code GET /api/destinations/{ns}/{name}/dead-letters?limit=&before=}: a page of the
 * Destination's dead-letter topic, newest first, each with its failure context from the record's
 * headers (connection, attempts, last status and error, first and last attempt) and the original
 * message untouched; {@code next} is the cursor of the following page.
 */
public final class DeadLettersApi {
  private final Vertx vertx;
  private final ConsoleState state;
  private final TopicPages pages;

  public DeadLettersApi(Vertx vertx, ConsoleState state, TopicPages pages) {
    this.vertx = vertx;
    this.state = state;
    this.pages = pages;
  }

  public void mount(Router router) {
    router.get("/api/destinations/:ns/:name/dead-letters").handler(this::page);
  }

  private void page(RoutingContext ctx) {
    WorkerConfig worker = state.destination(ctx.pathParam("ns"), ctx.pathParam("name"));
    int limit = Queries.intParam(ctx, "limit", 20, 1, 50);
    var before = Cursor.parse(ctx.queryParams().get("before"));
    Replies.when(
        ctx,
        vertx.executeBlocking(
            () -> {
              Page page = pages.newest(worker.deadLetterTopic(), limit, before);
              ObjectNode out = ConsoleJson.object();
              out.put("topic", worker.deadLetterTopic());
              out.put("total", page.total());
              out.put("next", Cursor.format(page.next()));
              ArrayNode items = out.putArray("items");
              for (ConsumerRecord<byte[], byte[]> record : page.records()) {
                items.add(item(record));
              }
              return out;
            },
            false));
  }

  static ObjectNode item(ConsumerRecord<byte[], byte[]> record) {
    ObjectNode item = RecordJson.of(record);
    item.put("connection", RecordJson.header(record, SluiceHeaders.CONNECTION));
    item.put("attempts", RecordJson.header(record, SluiceHeaders.ATTEMPTS));
    item.put("lastStatus", RecordJson.header(record, SluiceHeaders.LAST_STATUS));
    item.put("lastError", RecordJson.header(record, SluiceHeaders.LAST_ERROR));
    item.put("firstAttempt", RecordJson.header(record, SluiceHeaders.FIRST_ATTEMPT));
    item.put("lastAttempt", RecordJson.header(record, SluiceHeaders.LAST_ATTEMPT));
    return item;
  }
}
