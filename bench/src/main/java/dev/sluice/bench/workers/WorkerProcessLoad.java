package dev.sluice.bench.workers;

import dev.sluice.api.config.ConfigJson;
import dev.sluice.bench.ChildProcess;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The worker as its own JVM ({@code WorkerMain}, as in its container) delivering a backlog to a
 * loopback webhook, once per set of JVM options, alternating in rounds: events/s, CPU time per
 * delivered event and peak RSS from {@code /proc}, to choose the collector and heap.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.sluice.bench.workers.WorkerProcessLoad \
 *   [--events 100000] [--max-events 1] [--rounds 2] \
 *   [--variants "parallel|-XX:MaxRAM=512m -XX:+UseParallelGC;serial|-XX:MaxRAM=512m -XX:+UseSerialGC"]
 * </pre>
 */
public final class WorkerProcessLoad {
  private WorkerProcessLoad() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    int events = Integer.parseInt(args.getOrDefault("events", "100000"));
    int maxEvents = Integer.parseInt(args.getOrDefault("max-events", "1"));
    int rounds = Integer.parseInt(args.getOrDefault("rounds", "2"));
    List<String> variants =
        List.of(
            args.getOrDefault("variants", "default|-XX:MaxRAM=512m -XX:MaxRAMPercentage=75")
                .split(";"));
    Path work = Files.createTempDirectory("sluice-worker-bench-");
    List<String> lines = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      Vertx sinkVertx = Vertx.vertx();
      CountingSink sink = new CountingSink();
      String url = "http://127.0.0.1:" + sink.start(sinkVertx) + "/hook";
      String bootstrap = kafka.bootstrapServers();
      for (int round = 1; round <= rounds; round++) {
        for (int v = 0; v < variants.size(); v++) {
          String name = variants.get(v).substring(0, variants.get(v).indexOf('|')).trim();
          List<String> jvm =
              List.of(
                  variants.get(v).substring(variants.get(v).indexOf('|') + 1).trim().split(" +"));
          String topic = "load-" + round + "-" + v;
          WorkersBench.createTopics(bootstrap, topic);
          Path config = work.resolve(topic + ".json");
          Files.writeString(
              config, ConfigJson.write(WorkersBench.config("w-" + topic, topic, url, maxEvents)));
          int management = freePort();
          List<String> command =
              ChildProcess.java(
                  jvm,
                  System.getProperty("java.class.path"),
                  "dev.sluice.workers.WorkerMain",
                  List.of(
                      "--config",
                      config.toString(),
                      "--kafka",
                      bootstrap,
                      "--management-port",
                      Integer.toString(management)));
          ProcessBuilder builder = new ProcessBuilder(command);
          builder.environment().put("SLUICE_LOG_LEVEL", "WARN");
          builder.redirectErrorStream(true).redirectOutput(work.resolve(topic + ".log").toFile());
          Process worker = builder.start();
          try {
            ChildProcess.awaitReady(worker, management, Duration.ofSeconds(120), "worker");
            double idle = ChildProcess.memoryMiB(worker.pid(), "VmRSS");
            sink.reset(false);
            double load = ChildProcess.loadAverage();
            double cpu = ChildProcess.cpuSeconds(worker.pid());
            long started = System.nanoTime();
            WorkersBench.produceAll(bootstrap, topic, events);
            WorkersBench.awaitEvents(sink::events, events, Duration.ofMinutes(5), topic);
            double seconds = (System.nanoTime() - started) / 1e9;
            double used = ChildProcess.cpuSeconds(worker.pid()) - cpu;
            String line =
                String.format(
                    "r%d %-10s %,9.0f events/s  %.2f cores = %5.1f us/event  RSS idle %.0f peak"
                        + " %.0f MiB  load %.1f -> %.1f  [%s]",
                    round,
                    name,
                    sink.rate(),
                    used / seconds,
                    used / events * 1e6,
                    idle,
                    ChildProcess.memoryMiB(worker.pid(), "VmHWM"),
                    load,
                    ChildProcess.loadAverage(),
                    String.join(" ", jvm));
            System.out.println(line);
            lines.add(line);
          } finally {
            worker.destroy();
            if (!worker.waitFor(60, TimeUnit.SECONDS)) {
              worker.destroyForcibly().waitFor();
            }
          }
        }
      }
      sink.close();
      sinkVertx.close().await();
    }
    System.out.println();
    lines.forEach(System.out::println);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
