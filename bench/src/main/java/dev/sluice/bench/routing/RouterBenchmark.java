package dev.sluice.bench.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.FilterConfig;
import dev.sluice.api.config.TransformConfig;
import dev.sluice.api.routing.ConditionResult;
import dev.sluice.api.routing.ConnectionRouter;
import dev.sluice.api.routing.MessageCondition;
import dev.sluice.api.routing.RouteOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One Connection's work per message: a filter (types, events include, a CEL condition) and
 * transforms (drop, rename, set) over a typical ~700-byte track message, against the baseline of a
 * deep copy of that message alone (the least any router that never mutates its input must do).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RouterBenchmark {
  static final String MESSAGE =
      """
      {"type":"track","event":"Order Completed","messageId":"ajs-next-1d2c3b4a5f6e7d8c9b0a",
       "userId":"user-48213","anonymousId":"5f2c8a1e-7b3d-4c9e-a1f0-2d3e4f5a6b7c",
       "timestamp":"2026-11-29T03:00:00.000Z","receivedAt":"2026-11-29T03:00:00.120Z",
       "context":{"ip":"203.0.113.7","locale":"en-GB",
        "userAgent":"Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0",
        "library":{"name":"analytics.js","version":"next-1.70.0"},
        "page":{"path":"/checkout/complete","title":"Thank you"}},
       "properties":{"orderId":"o-90211","rev":42.5,"revenue":42.5,"currency":"EUR","tax":7.1,
        "card_number":"4111111111111111",
        "products":[{"sku":"A-1","price":12.5,"quantity":1},
                    {"sku":"B-7","price":15,"quantity":2}]},
       "integrations":{"All":true,"Webhook":{"retries":2}}}
      """;

  private ObjectNode message;
  private ConnectionRouter router;
  private MessageCondition condition;

  @Setup
  public void setUp() throws Exception {
    message = (ObjectNode) new ObjectMapper().readTree(MESSAGE);
    Map<String, String> rename = new LinkedHashMap<>();
    rename.put("properties.rev", "properties.revenue_gross");
    Map<String, String> set = new LinkedHashMap<>();
    set.put("properties.currency", "'USD'");
    set.put("properties.items", "size(message.properties.products)");
    router =
        ConnectionRouter.compile(
            new ConnectionConfig(
                "shop-to-hook",
                "web-shop",
                "sluice.shop.web-shop",
                true,
                new FilterConfig(
                    List.of("track"),
                    new FilterConfig.EventNames(List.of("Order *", "Checkout Started"), null),
                    "has(message.properties.revenue) && message.properties.revenue > 10",
                    null),
                List.of(
                    new TransformConfig(
                        List.of("context.ip", "properties.card_number"), null, null, null),
                    new TransformConfig(null, null, rename, null),
                    new TransformConfig(null, null, null, set)),
                "latest"),
            "Webhook");
    condition =
        MessageCondition.compile(
            "has(message.properties.revenue) && message.properties.revenue > 10");
    if (!(router.route(message) instanceof RouteOutcome.Pass)) {
      throw new IllegalStateException("the benchmark message must pass: " + router.route(message));
    }
  }

  @Benchmark
  public ObjectNode deepCopyBaseline() {
    return message.deepCopy();
  }

  /** The CEL condition alone, over the lazy view of the message (no copy). */
  @Benchmark
  public ConditionResult conditionOnly() {
    return condition.evaluate(message);
  }

  @Benchmark
  public RouteOutcome filterAndTransform() {
    return router.route(message);
  }
}
