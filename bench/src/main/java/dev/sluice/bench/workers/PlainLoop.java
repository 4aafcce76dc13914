package dev.sluice.bench.workers;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The baseline: poll, POST every record of the poll concurrently on a pooled keep-alive client,
 * wait for all answers, commit, repeat. No routing, no retries, no ordering, no dead letters.
 */
final class PlainLoop implements AutoCloseable {
  private final Thread thread;
  private volatile boolean running = true;

  PlainLoop(Vertx vertx, String bootstrap, String topic, String group, String url, int pool) {
    io.vertx.core.Context context = vertx.getOrCreateContext();
    HttpClient client =
        vertx
            .httpClientBuilder()
            .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true))
            .with(new PoolOptions().setHttp1MaxSize(pool).setMaxWaitQueueSize(-1))
            .build();
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG,
                "consumer"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    thread =
        new Thread(
            () -> {
              consumer.subscribe(List.of(topic));
              try {
                while (running) {
                  ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
                  if (records.isEmpty()) {
                    continue;
                  }
                  // Requests are issued on one Vert.x context, as the workers' pipeline does.
                  java.util.concurrent.CompletableFuture<Void> done =
                      new java.util.concurrent.CompletableFuture<>();
                  context.runOnContext(
                      v -> {
                        List<Future<?>> posts = new ArrayList<>();
                        for (ConsumerRecord<byte[], byte[]> r : records) {
                          posts.add(
                              client
                                  .request(
                                      new RequestOptions()
                                          .setMethod(HttpMethod.POST)
                                          .setAbsoluteURI(url)
                                          .putHeader("Content-Type", "application/json"))
                                  .compose(req -> req.send(Buffer.buffer(r.value())))
                                  .compose(resp -> resp.body()));
                        }
                        Future.join(posts).onComplete(ar -> done.complete(null));
                      });
                  done.get(60, TimeUnit.SECONDS);
                  consumer.commitSync();
                }
              } catch (Exception e) {
                if (running) {
                  e.printStackTrace();
                }
              } finally {
                consumer.close();
                client.close();
              }
            },
            "plain-loop");
    thread.start();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(30_000);
  }
}
