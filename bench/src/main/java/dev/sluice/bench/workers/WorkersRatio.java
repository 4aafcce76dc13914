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
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Issue 14's workers targets in one command: per round, a backlog delivered one POST per event by
 * the plain consume-and-POST loop, then by the workers, at the same concurrency, then a backlog
 * delivered in batches of 100 by the workers; rounds interleave so that a burst of load elsewhere
 * shows as a difference between rounds, not between contenders. For each phase: events/s at the
 * receiver (first to last event) and CPU per delivered event of the contender's threads ({@link
 * ThreadCpu}) and of the whole process, measured from the first event received (start-up and the
 * group join are left out) to the last.
 *
 * <p>Options: {@code --rounds 3 --single 20000 --batched 100000 --concurrency 8 --phases
 * plain,single,batched --jfr DIR --dedup-log true --kafka linger.ms=5} (a JFR recording of each
 * measured window, for {@link JfrBreakdown}; the dedup log off for comparison; Kafka properties for
 * the workers' clients).
 */
public final class WorkersRatio {
  private WorkersRatio() {}

  /** {@code --dedup-log false} measures without the dedup log (decision 0112), for comparison. */
  private static boolean dedupLog = true;

  /**
   * {@code --kafka linger.ms=5,...}: Kafka properties for the workers' clients, as a properties
   * file would give them (the dedup log's producer takes them too).
   */
  private static Map<String, String> kafkaProperties = Map.of();

  record Phase(String name, long events, double perSecond, double threadMicros, double procMicros) {
    @Override
    public String toString() {
      return String.format(
          "%s: %,d events, %,.0f events/s, %.2f us CPU per event (contender threads), %.2f us"
              + " (process)",
          name, events, perSecond, threadMicros, procMicros);
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    int rounds = Integer.parseInt(o.getOrDefault("rounds", "3"));
    int single = Integer.parseInt(o.getOrDefault("single", "20000"));
    int batched = Integer.parseInt(o.getOrDefault("batched", "100000"));
    int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "8"));
    List<String> phases = List.of(o.getOrDefault("phases", "plain,single,batched").split(","));
    Path jfr = o.containsKey("jfr") ? Files.createDirectories(Path.of(o.get("jfr"))) : null;
    dedupLog = Boolean.parseBoolean(o.getOrDefault("dedup-log", "true"));
    kafkaProperties = keyValues(o.getOrDefault("kafka", ""));

    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      Vertx vertx = Vertx.vertx();
      Vertx sinkVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
      CountingSink sink = new CountingSink();
      String url = "http://127.0.0.1:" + sink.start(sinkVertx) + "/hook";
      String bootstrap = kafka.bootstrapServers();
      List<String> topics = new ArrayList<>(List.of("warm"));
      for (int r = 1; r <= rounds; r++) {
        for (String p : phases) {
          topics.add(p + "-" + r);
        }
      }
      WorkersBench.createTopics(bootstrap, topics.toArray(String[]::new));

      // Warm-up: JIT both contenders before anything is measured.
      WorkersBench.produceAll(bootstrap, "warm", 20_000);
      measure(sink, 20_000, null, "warm-plain", () -> plain(vertx, bootstrap, "warm", url, 64));
      measure(
          sink,
          20_000,
          null,
          "warm-workers",
          () -> workers(vertx, bootstrap, "warm", url, 64, 1, "warm-workers"));

      List<List<Phase>> results = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        List<Phase> round = new ArrayList<>();
        for (String p : phases) {
          String topic = p + "-" + r;
          int n = p.equals("batched") ? batched : single;
          WorkersBench.produceAll(bootstrap, topic, n);
          String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
          Path recording = jfr == null ? null : jfr.resolve(topic + ".jfr");
          Phase phase =
              measure(
                  sink,
                  n,
                  recording,
                  topic + " (load " + load + ")",
                  switch (p) {
                    case "plain" -> () -> plain(vertx, bootstrap, topic, url, concurrency);
                    case "single" ->
                        () -> workers(vertx, bootstrap, topic, url, concurrency, 1, topic);
                    case "batched" ->
                        () -> workers(vertx, bootstrap, topic, url, concurrency, 100, topic);
                    default -> throw new IllegalArgumentException("unknown phase " + p);
                  });
          round.add(phase);
        }
        results.add(round);
      }
      report(results, concurrency);
      sink.close();
      vertx.close().await();
      sinkVertx.close().await();
    }
  }

  private interface Contender {
    AutoCloseable start() throws Exception;
  }

  private static Phase measure(
      CountingSink sink, int n, Path recording, String name, Contender contender) throws Exception {
    sink.reset(false);
    AutoCloseable running = contender.start();
    try {
      WorkersBench.awaitEvents(sink::events, 1, Duration.ofMinutes(2), name);
      long from = sink.events();
      Recording jfr = recording == null ? null : startRecording();
      ThreadCpu cpu = ThreadCpu.start();
      WorkersBench.awaitEvents(sink::events, n, Duration.ofMinutes(5), name);
      long[] used = cpu.elapsed();
      if (jfr != null) {
        jfr.stop();
        jfr.dump(recording);
        jfr.close();
      }
      long events = sink.events() - from;
      Phase phase =
          new Phase(name, events, sink.rate(), used[0] / 1e3 / events, used[1] / 1e3 / events);
      System.out.println(phase);
      cpu.byThread()
          .forEach(
              (thread, nanos) ->
                  System.out.printf("    %s: %.2f us per event%n", thread, nanos / 1e3 / events));
      return phase;
    } finally {
      running.close();
    }
  }

  private static Recording startRecording() throws Exception {
    Recording r = new Recording(Configuration.getConfiguration("profile"));
    r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
    r.start();
    return r;
  }

  private static AutoCloseable plain(
      Vertx vertx, String bootstrap, String topic, String url, int concurrency) {
    return new PlainLoop(vertx, bootstrap, topic, "plain-" + topic, url, concurrency);
  }

  private static AutoCloseable workers(
      Vertx vertx,
      String bootstrap,
      String topic,
      String url,
      int concurrency,
      int maxEvents,
      String name) {
    Workers workers =
        Workers.start(
                vertx,
                WorkerOptions.builder(KafkaSettings.of(bootstrap).with(kafkaProperties))
                    .drainTimeout(Duration.ofSeconds(5))
                    .dedupLog(dedupLog)
                    .build(),
                List.of(config(name, topic, url, concurrency, maxEvents)),
                // The registry the worker process uses, so metrics cost what they cost there.
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .await();
    return () -> workers.close().await();
  }

  private static WorkerConfig config(
      String name, String topic, String url, int concurrency, int maxEvents) {
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
        concurrency,
        WorkerConfig.Ordering.KEY,
        Duration.ofMinutes(5),
        100_000,
        List.of(new ConnectionConfig("c", "web", topic, true, null, List.of(), "earliest")));
  }

  private static void report(List<List<Phase>> rounds, int concurrency) {
    System.out.printf(
        "%nRESULTS (concurrency %d; CPU in us per delivered event: contender threads / process)%n",
        concurrency);
    System.out.println(
        "| round | plain loop: events/s, CPU | workers single: events/s, CPU | workers ÷ plain:"
            + " events/s, CPU | workers batched (100): events/s, CPU |");
    System.out.println("|---|---|---|---|---|");
    for (int r = 0; r < rounds.size(); r++) {
      Phase plain = find(rounds.get(r), "plain");
      Phase single = find(rounds.get(r), "single");
      Phase batched = find(rounds.get(r), "batched");
      System.out.printf(
          "| %d | %s | %s | %s | %s |%n",
          r + 1,
          cell(plain),
          cell(single),
          plain == null || single == null
              ? "-"
              : String.format(
                  "%.2fx, %.2fx",
                  single.perSecond() / plain.perSecond(),
                  single.threadMicros() / plain.threadMicros()),
          cell(batched));
    }
  }

  private static Phase find(List<Phase> round, String prefix) {
    return round.stream().filter(p -> p.name().startsWith(prefix + "-")).findFirst().orElse(null);
  }

  private static String cell(Phase p) {
    return p == null
        ? "-"
        : String.format(
            "%,.0f, %.1f / %.1f us (%s)",
            p.perSecond(),
            p.threadMicros(),
            p.procMicros(),
            p.name().substring(p.name().indexOf("load")).replace(")", ""));
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> out = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      out.put(args[i].substring(2), args[i + 1]);
    }
    return out;
  }

  private static Map<String, String> keyValues(String list) {
    Map<String, String> map = new java.util.LinkedHashMap<>();
    for (String pair : list.split(",")) {
      if (!pair.isBlank()) {
        String[] kv = pair.split("=", 2);
        map.put(kv[0].trim(), kv[1].trim());
      }
    }
    return map;
  }
}
