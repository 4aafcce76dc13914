package dev.sluice.bench.workers;

import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.compiler.Names;
import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.DestinationSettings;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.runtime.kafka.KafkaSettings;
import dev.sluice.workers.WorkerOptions;
import dev.sluice.workers.Workers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Workers against a plain consume-and-POST loop, same broker, same sink, same run:
 *
 * <ol>
 *   <li>throughput, single webhook (one POST per event): plain loop, then workers;
 *   <li>throughput, batched webhook (100 events a POST): workers;
 *   <li>end-to-end latency from receivedAt at a steady rate: plain loop, then workers.
 * </ol>
 *
 * <p>Args (all optional): singleEvents (50000) batchedEvents (200000) steadySeconds (20) rate
 * (5000).
 */
public final class WorkersBench {
  private static final int PARTITIONS = 4;
  private static final int POOL = 64;

  public static void main(String[] args) throws Exception {
    int single = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int batched = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int rate = args.length > 3 ? Integer.parseInt(args[3]) : 5_000;

    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      Vertx vertx = Vertx.vertx();
      CountingSink sink = new CountingSink();
      // The receiver gets a Vert.x of its own, as an external service would: it must not share an
      // event loop with the pipeline under test.
      Vertx sinkVertx = Vertx.vertx();
      String url = "http://127.0.0.1:" + sink.start(sinkVertx) + "/hook";
      String bootstrap = kafka.bootstrapServers();
      createTopics(
          bootstrap,
          "warm",
          "single",
          "batched",
          "steady-plain",
          "steady-workers",
          "steady-plain-2",
          "steady-workers-2");

      produceAll(bootstrap, "warm", 10_000);
      runPlain(vertx, sink, bootstrap, "warm", url, 10_000, "warm-plain");
      runWorkers(vertx, sink, bootstrap, "warm", url, 1, 10_000, "warm-workers");

      produceAll(bootstrap, "single", single);
      double plainRate = runPlain(vertx, sink, bootstrap, "single", url, single, "plain-single");
      double workersRate = runWorkers(vertx, sink, bootstrap, "single", url, 1, single, "w-single");
      produceAll(bootstrap, "batched", batched);
      double batchedRate =
          runWorkers(vertx, sink, bootstrap, "batched", url, 100, batched, "w-batched");

      // Interleaved twice, so that a burst of load from elsewhere on the machine shows up as a
      // difference between rounds rather than between the two contenders.
      long[] plainLatency = steadyPlain(vertx, sink, bootstrap, url, seconds, rate, "steady-plain");
      long[] workersLatency =
          steadyWorkers(vertx, sink, bootstrap, url, seconds, rate, "steady-workers");
      long[] plainLatency2 =
          steadyPlain(vertx, sink, bootstrap, url, seconds, rate, "steady-plain-2");
      long[] workersLatency2 =
          steadyWorkers(vertx, sink, bootstrap, url, seconds, rate, "steady-workers-2");

      System.out.printf("%nRESULTS (events/s; latency in ms from receivedAt to the sink)%n");
      System.out.printf("| single webhook, plain loop | %,.0f events/s |%n", plainRate);
      System.out.printf(
          "| single webhook, workers | %,.0f events/s (%.2fx the plain loop) |%n",
          workersRate, workersRate / plainRate);
      System.out.printf("| batched webhook (100), workers | %,.0f events/s |%n", batchedRate);
      System.out.printf(
          "| %d/s steady, plain loop | p50 %.1f, p99 %.1f, p99.9 %.1f, max %.1f |%n",
          rate,
          plainLatency[0] / 1e3,
          plainLatency[1] / 1e3,
          plainLatency[2] / 1e3,
          plainLatency[3] / 1e3);
      System.out.printf(
          "| %d/s steady, workers | p50 %.1f, p99 %.1f, p99.9 %.1f, max %.1f |%n",
          rate,
          workersLatency[0] / 1e3,
          workersLatency[1] / 1e3,
          workersLatency[2] / 1e3,
          workersLatency[3] / 1e3);
      System.out.printf(
          "| %d/s steady, plain loop (round 2) | p50 %.1f, p99 %.1f, p99.9 %.1f, max %.1f |%n",
          rate,
          plainLatency2[0] / 1e3,
          plainLatency2[1] / 1e3,
          plainLatency2[2] / 1e3,
          plainLatency2[3] / 1e3);
      System.out.printf(
          "| %d/s steady, workers (round 2) | p50 %.1f, p99 %.1f, p99.9 %.1f, max %.1f |%n",
          rate,
          workersLatency2[0] / 1e3,
          workersLatency2[1] / 1e3,
          workersLatency2[2] / 1e3,
          workersLatency2[3] / 1e3);
      sink.close();
      vertx.close().await();
      sinkVertx.close().await();
    }
  }

  private static double runPlain(
      Vertx vertx,
      CountingSink sink,
      String bootstrap,
      String topic,
      String url,
      int n,
      String group)
      throws Exception {
    sink.reset(false);
    try (PlainLoop loop = new PlainLoop(vertx, bootstrap, topic, group, url, POOL)) {
      awaitEvents(sink::events, n, Duration.ofMinutes(5), group);
    }
    System.out.printf("%s: %,d events, %,.0f events/s%n", group, sink.events(), sink.rate());
    return sink.rate();
  }

  private static double runWorkers(
      Vertx vertx,
      CountingSink sink,
      String bootstrap,
      String topic,
      String url,
      int maxEvents,
      int n,
      String name)
      throws Exception {
    sink.reset(false);
    Workers workers =
        Workers.start(
                vertx,
                options(bootstrap),
                List.of(config(name, topic, url, maxEvents)),
                new SimpleMeterRegistry())
            .await();
    try {
      awaitEvents(sink::events, n, Duration.ofMinutes(5), name);
    } finally {
      workers.close().await();
    }
    System.out.printf("%s: %,d events, %,.0f events/s%n", name, sink.events(), sink.rate());
    return sink.rate();
  }

  private static long[] steadyPlain(
      Vertx vertx,
      CountingSink sink,
      String bootstrap,
      String url,
      int seconds,
      int rate,
      String topic)
      throws Exception {
    try (PlainLoop loop = new PlainLoop(vertx, bootstrap, topic, "group-" + topic, url, POOL)) {
      return steady(sink, bootstrap, topic, seconds, rate, topic);
    }
  }

  private static long[] steadyWorkers(
      Vertx vertx,
      CountingSink sink,
      String bootstrap,
      String url,
      int seconds,
      int rate,
      String topic)
      throws Exception {
    Workers workers =
        Workers.start(
                vertx,
                options(bootstrap),
                List.of(config("w-" + topic, topic, url, 1)),
                new SimpleMeterRegistry())
            .await();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (workers.readiness().problem() != null && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      return steady(sink, bootstrap, topic, seconds, rate, topic);
    } finally {
      workers.close().await();
    }
  }

  /** Produces at a steady rate with receivedAt = now, then reads the sink's latency percentiles. */
  private static long[] steady(
      CountingSink sink, String bootstrap, String topic, int seconds, int rate, String name)
      throws Exception {
    // Let the consumer join before the clock starts: a first probe must come through.
    sink.reset(false);
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, 0)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (sink.events() == 0 && System.nanoTime() < deadline) {
        producer.send(record(topic, 0));
        producer.flush();
        Thread.sleep(200);
      }
      Thread.sleep(500);
      sink.reset(true);
      long total = (long) seconds * rate;
      long start = System.nanoTime();
      for (long i = 0; i < total; i++) {
        long due = start + i * 1_000_000_000L / rate;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        producer.send(record(topic, (int) i));
      }
      producer.flush();
      awaitEvents(sink::events, total, Duration.ofMinutes(2), name);
    }
    long[] p = {
      sink.percentileMicros(0.50),
      sink.percentileMicros(0.99),
      sink.percentileMicros(0.999),
      sink.percentileMicros(1.0)
    };
    System.out.printf(
        "%s: %,d events, p50 %d us, p99 %d us, p99.9 %d us, max %d us%n",
        name, sink.events(), p[0], p[1], p[2], p[3]);
    return p;
  }

  static WorkerConfig config(String name, String topic, String url, int maxEvents) {
    return new WorkerConfig(
        "bench",
        name,
        "Webhooks",
        Names.consumerGroup("bench", name),
        Names.deadLetterTopic("bench", name),
        new DestinationSettings.Webhook(
            url,
            Map.of(),
            "secret",
            maxEvents,
            1 << 20,
            Duration.ofMillis(20),
            Duration.ofSeconds(10)),
        Defaults.DELIVERY,
        0,
        POOL,
        WorkerConfig.Ordering.KEY,
        Duration.ofMinutes(5),
        100_000,
        List.of(new ConnectionConfig("c", "web", topic, true, null, List.of(), "earliest")));
  }

  private static WorkerOptions options(String bootstrap) {
    return WorkerOptions.builder(KafkaSettings.of(bootstrap))
        .drainTimeout(Duration.ofSeconds(5))
        .build();
  }

  static void awaitEvents(LongSupplier count, long n, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count.getAsLong() < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            what + ": only " + count.getAsLong() + " of " + n + " events in " + timeout);
      }
      Thread.sleep(20);
    }
  }

  static void createTopics(String bootstrap, String... topics) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(
              java.util.Arrays.stream(topics)
                  .map(t -> new NewTopic(t, PARTITIONS, (short) 1))
                  .toList())
          .all()
          .get();
    }
  }

  static void produceAll(String bootstrap, String topic, int n) {
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, 5)) {
      for (int i = 0; i < n; i++) {
        producer.send(record(topic, i));
      }
      producer.flush();
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap, int lingerMs) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.LINGER_MS_CONFIG,
            lingerMs,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024,
            ProducerConfig.ACKS_CONFIG,
            "1"),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, int i) {
    String user = "user-" + (i % 10_000);
    String now = Instant.now().toString();
    String json =
        "{\"type\":\"track\",\"messageId\":\""
            + UUID.randomUUID()
            + "\",\"userId\":\""
            + user
            + "\",\"event\":\"Order Completed\",\"properties\":{\"revenue\":12.5,\"n\":"
            + i
            + ",\"currency\":\"EUR\"},\"context\":{\"ip\":\"203.0.113.7\",\"library\":{\"name\":\"analytics-java\","
            + "\"version\":\"3.5.4\"}},\"timestamp\":\""
            + now
            + "\",\"receivedAt\":\""
            + now
            + "\"}";
    return new ProducerRecord<>(
        topic, user.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
  }
}
