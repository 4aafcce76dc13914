package dev.sluice.bench.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.config.SluiceHeaders;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What a straightforward tracking endpoint does, the baseline {@link GatewayLoad} measures Sluice
 * against in the same run: a Vert.x server (as many event loops as the gateway) that parses each
 * body into a Jackson tree and sends each message, re-serialised, to a producer with the gateway's
 * own settings, answering once Kafka acknowledged all of them. No authentication, validation or
 * enrichment; sends are made on the event loop (the topic's metadata is fetched at start).
 *
 * <p>In floor mode it reads no JSON at all: a batch body is cut into {@code BATCH_SIZE} slices of
 * equal length (a single body is one), each sent as a record keyed by 9 of its bytes. That is what
 * the HTTP server and the producer cost by themselves for records of about the same size, a floor
 * under any server that logs each message as its own record. {@code headerfloor} does the same with
 * the three headers the gateway puts on every record (Source, key id, receipt time).
 *
 * <pre>java -cp benchmarks.jar dev.sluice.bench.gateway.BaselineServer PORT BOOTSTRAP TOPIC
 *   [floor|headerfloor BATCH_SIZE]</pre>
 */
public final class BaselineServer {
  private static final byte[] OK = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);

  private BaselineServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    String topic = args[2];
    String mode = args.length > 4 ? args[3] : "baseline";
    if (!List.of("baseline", "floor", "headerfloor").contains(mode)) {
      throw new IllegalArgumentException("mode: floor or headerfloor, not " + mode);
    }
    int floorBatchSize = mode.equals("baseline") ? 0 : Integer.parseInt(args[4]);
    boolean headers = mode.equals("headerfloor");
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
                      .requestHandler(r -> handle(r, producer, topic, floorBatchSize, headers))
                      .listen(port, "127.0.0.1");
                }
              })
          .await();
    }
    System.out.println("baseline listening on " + port);
  }

  private static void handle(
      HttpServerRequest request,
      KafkaProducer<byte[], byte[]> producer,
      String topic,
      int floorBatchSize,
      boolean headers) {
    boolean batch = request.path().startsWith("/v1/b");
    Context context = Vertx.currentContext();
    request
        .body()
        .onSuccess(
            body -> {
              List<ProducerRecord<byte[], byte[]>> records;
              try {
                records =
                    floorBatchSize > 0
                        ? slices(body.getBytes(), batch ? floorBatchSize : 1, topic, headers)
                        : parsed(body.getBytes(), batch, topic);
              } catch (Exception e) {
                request.response().setStatusCode(400).end();
                return;
              }
              int n = records.size();
              if (n == 0) {
                request.response().setStatusCode(400).end();
                return;
              }
              Promise<Void> all = Promise.promise();
              AtomicInteger left = new AtomicInteger(n);
              for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(
                    record,
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

  /** Each message parsed into a tree and written back, keyed by its userId. */
  private static List<ProducerRecord<byte[], byte[]>> parsed(
      byte[] body, boolean batch, String topic) throws java.io.IOException {
    JsonNode tree = MessageJson.readTree(body);
    JsonNode items = batch ? tree.get("batch") : null;
    int n = batch ? (items == null ? 0 : items.size()) : 1;
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      JsonNode m = batch ? items.get(i) : tree;
      JsonNode user = m.get("userId");
      byte[] key = user == null ? null : user.asText().getBytes(StandardCharsets.UTF_8);
      records.add(new ProducerRecord<>(topic, key, MessageJson.write(m)));
    }
    return records;
  }

  /** Floor mode: the body in {@code n} slices of equal length, no JSON read. */
  private static List<ProducerRecord<byte[], byte[]>> slices(
      byte[] body, int n, String topic, boolean headers) {
    // As the gateway: made once per request, copied onto each record.
    Header[] common =
        headers
            ? new Header[] {
              new RecordHeader(SluiceHeaders.SOURCE, utf8("default/web")),
              new RecordHeader(SluiceHeaders.WRITE_KEY_ID, utf8("k_3f9a1c2e7b")),
              new RecordHeader(SluiceHeaders.RECEIVED_AT, utf8(Instant.now().toString()))
            }
            : null;
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] value = Arrays.copyOfRange(body, i * body.length / n, (i + 1) * body.length / n);
      // Bytes inside the message's random ids: keys spread over partitions as userIds do.
      int from = Math.min(50, Math.max(0, value.length - 9));
      byte[] key = Arrays.copyOfRange(value, from, Math.min(value.length, from + 9));
      records.add(
          new ProducerRecord<>(
              topic, null, key, value, common == null ? null : new RecordHeaders(common)));
    }
    return records;
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
