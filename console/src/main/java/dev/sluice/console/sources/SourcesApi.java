package dev.sluice.console.sources;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.SluiceHeaders;
import dev.sluice.api.config.SourceConfig;
import dev.sluice.api.config.WriteKeys;
import dev.sluice.console.ConsoleState;
import dev.sluice.console.http.ConsoleJson;
import dev.sluice.console.http.Queries;
import dev.sluice.console.http.Replies;
import dev.sluice.console.kafka.Page;
import dev.sluice.console.kafka.RecordJson;
import dev.sluice.console.kafka.TopicPages;
import dev.sluice.console.metrics.MetricStore;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * {@code GET /api/sources}: every Source with its write key ids (never a key), its events per
 * second over the last 120 s and its rejections of the last hour by code. {@code GET
 * /api/sources/{ns}/{name}/rejected?limit=}: the newest rejected messages, as examples.
 */
public final class SourcesApi {
  static final int RATE_WINDOW_SECONDS = 10;

  private final Vertx vertx;
  private final ConsoleState state;
  private final MetricStore metrics;
  private final TopicPages pages;

  public SourcesApi(Vertx vertx, ConsoleState state, MetricStore metrics, TopicPages pages) {
    this.vertx = vertx;
    this.state = state;
    this.metrics = metrics;
    this.pages = pages;
  }

  public void mount(Router router) {
    router.get("/api/sources").handler(this::list);
    router.get("/api/sources/:ns/:name/rejected").handler(this::rejected);
  }

  private void list(RoutingContext ctx) {
    ArrayNode sources = ConsoleJson.array();
    for (SourceConfig source : state.snapshot().compilation().gateway().sources()) {
      String id = source.namespace() + "/" + source.name();
      ObjectNode s = sources.addObject();
      s.put("namespace", source.namespace());
      s.put("name", source.name());
      s.put("topic", source.topic());
      s.put("rejectedTopic", source.rejectedTopic());
      s.put("enabled", source.enabled());
      ArrayNode ids = s.putArray("writeKeyIds");
      source.writeKeyHashes().forEach(hash -> ids.add(WriteKeys.id(hash)));
      s.put("eventsPerSecond", metrics.rate("events|" + id, RATE_WINDOW_SECONDS));
      s.put("eventsLastHour", (long) metrics.lastHour("events|" + id));
      ArrayNode perSecond = s.putArray("eventsPerSecondSeries");
      for (double v : metrics.perSecond("events|" + id)) {
        perSecond.add((long) v);
      }
      ObjectNode rejected = s.putObject("rejectedLastHour");
      metrics
          .lastHourByPrefix("rejected|" + id + "|")
          .forEach((code, count) -> rejected.put(code, count.longValue()));
    }
    Replies.json(ctx, ConsoleJson.object().set("sources", sources));
  }

  private void rejected(RoutingContext ctx) {
    SourceConfig source = state.source(ctx.pathParam("ns"), ctx.pathParam("name"));
    int limit = Queries.intParam(ctx, "limit", 10, 1, 50);
    Replies.when(
        ctx,
        vertx.executeBlocking(
            () -> {
              Page page = pages.newest(source.rejectedTopic(), limit, null);
              ArrayNode examples = ConsoleJson.array();
              for (ConsumerRecord<byte[], byte[]> record : page.records()) {
                ObjectNode example = RecordJson.of(record);
                example.put("code", RecordJson.header(record, SluiceHeaders.CODE));
                example.put("reason", RecordJson.header(record, SluiceHeaders.REASON));
                examples.add(example);
              }
              ObjectNode out = ConsoleJson.object();
              out.put("total", page.total());
              out.set("examples", examples);
              return out;
            },
            false));
  }
}
