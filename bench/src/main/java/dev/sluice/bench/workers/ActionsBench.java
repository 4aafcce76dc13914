package dev.sluice.bench.workers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.compiler.Names;
import dev.sluice.api.config.ActionsSettings;
import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.DestinationSettings;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.runtime.kafka.KafkaSettings;
import dev.sluice.workers.WorkerOptions;
import dev.sluice.workers.Workers;
import dev.sluice.workers.actions.RuntimeProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The actions runtime against the native webhook, same broker, same sink, same run: events/s
 * through Segment's webhook action (single, then batched 100 a call through its performBatch)
 * beside the native webhook connector, then the runtime's RSS with one and with five destinations
 * loaded.
 *
 * <p>Args (all optional): singleEvents (20000) batchedEvents (50000).
 */
public final class ActionsBench {
  private static final int POOL = 64;
  private static final List<String> FIVE =
      List.of("webhook", "amplitude", "mixpanel", "braze", "google-analytics-4");

  public static void main(String[] args) throws Exception {
    int single = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int batched = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        RuntimeProcess runtime = RuntimeProcess.start(RuntimeProcess.locate(), Map.of())) {
      Vertx vertx = Vertx.vertx();
      Vertx sinkVertx = Vertx.vertx();
      CountingSink sink = new CountingSink();
      String url = "http://127.0.0.1:" + sink.start(sinkVertx) + "/hook";
      String bootstrap = kafka.bootstrapServers();
      WorkersBench.createTopics(bootstrap, "warm", "native", "action", "native-b", "action-b");
      long rssStart = runtime.rssBytes();
      load(runtime, List.of("webhook"));
      long rssOne = runtime.rssBytes();

      WorkersBench.produceAll(bootstrap, "warm", 5_000);
      run(vertx, sink, bootstrap, runtime, actions("warm-a", "warm", url, 1), 5_000);

      WorkersBench.produceAll(bootstrap, "native", single);
      double nativeSingle =
          run(vertx, sink, bootstrap, runtime, webhook("n1", "native", url, 1), single);
      WorkersBench.produceAll(bootstrap, "action", single);
      double actionSingle =
          run(vertx, sink, bootstrap, runtime, actions("a1", "action", url, 1), single);
      WorkersBench.produceAll(bootstrap, "native-b", batched);
      double nativeBatched =
          run(vertx, sink, bootstrap, runtime, webhook("n100", "native-b", url, 100), batched);
      WorkersBench.produceAll(bootstrap, "action-b", batched);
      double actionBatched =
          run(vertx, sink, bootstrap, runtime, actions("a100", "action-b", url, 100), batched);
      long rssAfterLoad = runtime.rssBytes();
      load(runtime, FIVE);
      long rssFive = runtime.rssBytes();

      System.out.printf("%nRESULTS%n");
      System.out.printf("| single, native webhook | %,.0f events/s |%n", nativeSingle);
      System.out.printf(
          "| single, webhook action | %,.0f events/s (%.2fx native) |%n",
          actionSingle, actionSingle / nativeSingle);
      System.out.printf("| batched 100, native webhook | %,.0f events/s |%n", nativeBatched);
      System.out.printf(
          "| batched 100, webhook action (performBatch) | %,.0f events/s (%.2fx native) |%n",
          actionBatched, actionBatched / nativeBatched);
      System.out.printf(
          "| runtime RSS | %d MB idle, %d MB with webhook loaded, %d MB after the load runs, %d MB"
              + " with %s |%n",
          rssStart >> 20, rssOne >> 20, rssAfterLoad >> 20, rssFive >> 20, FIVE);
      sink.close();
      vertx.close().await();
      sinkVertx.close().await();
    }
  }

  private static void load(RuntimeProcess runtime, List<String> slugs) throws Exception {
    String body = "{\"destinations\":[\"" + String.join("\",\"", slugs) + "\"]}";
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(runtime.url() + "/v1/load"))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("load " + slugs + ": " + answer.body());
    }
  }

  private static double run(
      Vertx vertx,
      CountingSink sink,
      String bootstrap,
      RuntimeProcess runtime,
      WorkerConfig config,
      int n)
      throws Exception {
    sink.reset(false);
    Workers workers =
        Workers.start(
                vertx,
                WorkerOptions.builder(KafkaSettings.of(bootstrap))
                    .drainTimeout(Duration.ofSeconds(5))
                    .actionsRuntime(runtime.url())
                    .build(),
                List.of(config),
                new SimpleMeterRegistry())
            .await();
    try {
      WorkersBench.awaitEvents(sink::events, n, Duration.ofMinutes(10), config.destination());
    } finally {
      workers.close().await();
    }
    System.out.printf(
        "%s: %,d events, %,.0f events/s%n", config.destination(), sink.events(), sink.rate());
    return sink.rate();
  }

  private static WorkerConfig webhook(String name, String topic, String url, int maxEvents) {
    return config(
        name,
        topic,
        new DestinationSettings.Webhook(
            url,
            Map.of(),
            "secret",
            maxEvents,
            1 << 20,
            Duration.ofMillis(20),
            Duration.ofSeconds(10)));
  }

  /** Segment's webhook action, signed like the native one, the message as the body. */
  private static WorkerConfig actions(String name, String topic, String url, int maxEvents) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    Map<String, JsonNode> mapping =
        Map.of(
            "url", f.textNode(url),
            "method", f.textNode("POST"),
            "data", f.objectNode().put("@path", "$."),
            "batch_size", f.numberNode(maxEvents));
    return config(
        name,
        topic,
        new ActionsSettings(
            "webhook",
            Map.of("sharedSecret", f.textNode("secret")),
            List.of(new ActionsSettings.Subscription("all", "type = \"track\"", "send", mapping)),
            null,
            maxEvents,
            1 << 20,
            Duration.ofMillis(20),
            Duration.ofSeconds(10)));
  }

  private static WorkerConfig config(String name, String topic, DestinationSettings settings) {
    return new WorkerConfig(
        "bench",
        name,
        "Webhooks",
        Names.consumerGroup("bench", name),
        Names.deadLetterTopic("bench", name),
        settings,
        Defaults.DELIVERY,
        0,
        POOL,
        WorkerConfig.Ordering.KEY,
        Duration.ofMinutes(5),
        100_000,
        List.of(new ConnectionConfig("c", "web", topic, true, null, List.of(), "earliest")));
  }
}
