package dev.sluice.bench.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.message.MessageJson;
import dev.sluice.runtime.kafka.KafkaClients;
import dev.sluice.runtime.kafka.KafkaSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What a straightforward tracking endpoint does, the baseline {@link GatewayLoad} measures Sluice
 * against in the same run: a Vert.x server (as many event loops as the gateway) that parses each
 * body into a Jackson tree and sends each message, re-serialised, to a producer with the gateway's
 * own settings, answering once Kafka acknowledged all of them. No authentication, validation or
 * enrichment; sends are made on the event loop (the topic's metadata is fetched at start).
 *
 * <pre>java -cp benchmarks.jar dev.sluice.bench.gateway.BaselineServer PORT BOOTSTRAP TOPIC</pre>
 */
public final class BaselineServer {
  private static final byte[] OK = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);

  private BaselineServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    String topic = args[2];
    Map<String, Object> config =
        KafkaClients.gatewayProducer(
            new KafkaSettings(args[1], Map.of()), Duration.ofSeconds(10), 64L << 20);
    KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    for (int attempt = 1; ; attempt++) {
      try {
        producer.partitionsFor(topic); // the gateway warms its topics' metadata likewise
        break;
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        if (attempt == 60) {
          throw e;
        }
      }
    }
    Vertx vertx = Vertx.vertx();
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    for (int i = 0; i < instances; i++) {
      vertx
          .deployVerticle(
              new VerticleBase() {
                @Override
                public Future<?> start() {
                  return vertx
                      .createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
                      .requestHandler(r -> handle(r, producer, topic))
                      .listen(port, "127.0.0.1");
                }
              })
          .await();
    }
    System.out.println("baseline listening on " + port);
  }

  private static void handle(
      HttpServerRequest request, KafkaProducer<byte[], byte[]> producer, String topic) {
    boolean batch = request.path().startsWith("/v1/b");
    Context context = Vertx.currentContext();
    request
        .body()
        .onSuccess(
            body -> {
              JsonNode tree;
              try {
                tree = MessageJson.readTree(body.getBytes());
              } catch (Exception e) {
                request.response().setStatusCode(400).end();
                return;
              }
              JsonNode items = batch ? tree.get("batch") : null;
              int n = batch ? (items == null ? 0 : items.size()) : 1;
              if (n == 0) {
                request.response().setStatusCode(400).end();
                return;
              }
              Promise<Void> all = Promise.promise();
              AtomicInteger left = new AtomicInteger(n);
              for (int i = 0; i < n; i++) {
                JsonNode m = batch ? items.get(i) : tree;
                JsonNode user = m.get("userId");
                byte[] key = user == null ? null : user.asText().getBytes(StandardCharsets.UTF_8);
                producer.send(
                    new ProducerRecord<>(topic, key, MessageJson.write(m)),
                    (meta, error) -> {
                      if (error != null) {
                        all.tryFail(error);
                      } else if (left.decrementAndGet() == 0) {
                        all.tryComplete();
                      }
                    });
              }
              all.future()
                  .onComplete(
                      done ->
                          context.runOnContext(
                              v ->
                                  request
                                      .response()
                                      .setStatusCode(done.succeeded() ? 200 : 503)
                                      .putHeader("Content-Type", "application/json")
                                      .end(Buffer.buffer(OK))));
            });
  }
}
