package dev.sluice.cli.local;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice local DIR}: the whole pipeline in this process. */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
      "Run Sluice on this machine: a Kafka broker, the gateway and one pipeline per Destination,"
          + " from a folder of manifests (Sources, Destinations, Connections, Secrets).",
      "Edits to the folder apply within seconds. Ctrl-C stops gracefully; a restart with the same"
          + " --data-dir delivers what was logged but not yet delivered."
    })
public final class LocalCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Folder of manifests (recursive).")
  Path manifests;

  @Option(
      names = "--data-dir",
      defaultValue = DataDir.DEFAULT,
      description =
          "Where the broker's log and generated write keys are kept (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT",
      description = "Use this Kafka cluster instead of the embedded broker.")
  String kafka;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "Address the gateway and management port listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = {"-p", "--port"},
      defaultValue = "8080",
      description = "Gateway port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--management-port",
      defaultValue = "9090",
      description =
          "Port of the web console, /healthz, /readyz and /metrics (default: ${DEFAULT-VALUE}).")
  int managementPort;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    out.println("Starting Sluice from " + manifests + " ...");
    out.flush();
    LocalRunner runner;
    try {
      runner =
          LocalRunner.start(
              new LocalRunner.Options(
                  manifests, dataDir, kafka, host, port, managementPort, Duration.ofMillis(500)),
              out);
    } catch (Exception e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("sluice local could not start: " + e.getMessage());
      String root = LocalRunner.rootMessage(e);
      if (e.getMessage() == null || !e.getMessage().contains(root)) {
        err.println("  caused by: " + root);
      }
      err.flush();
      return 1;
    }
    double answering = secondsSinceJvmStart();
    // Ready as /readyz means it: the gateway answers and every pipeline has its partitions.
    String problem = runner.awaitReady(Duration.ofSeconds(60));
    out.println();
    if (problem == null) {
      out.println(
          String.format(
              Locale.ROOT,
              "Sluice is ready in %.1f s (gateway answering after %.1f s).",
              secondsSinceJvmStart(),
              answering));
    } else {
      out.println("Sluice is running but not ready: " + problem);
    }
    tryIt(out, runner);
    out.flush();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  long stopping = System.nanoTime();
                  out.println("Stopping Sluice: gateway and pipelines, then the broker...");
                  out.flush();
                  runner.close();
                  out.println(
                      String.format(
                          Locale.ROOT, "Stopped in %.1f s.", (System.nanoTime() - stopping) / 1e9));
                  out.flush();
                  stopped.countDown();
                },
                "sluice-shutdown"));
    stopped.await();
    return 0;
  }

  private static double secondsSinceJvmStart() {
    return (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime())
        / 1000.0;
  }

  private static void tryIt(PrintWriter out, LocalRunner runner) {
    List<String> sources =
        runner.current().compilation().gateway().sources().stream()
            .map(s -> s.namespace() + "/" + s.name())
            .toList();
    if (sources.isEmpty()) {
      out.println("No Source runs yet: add one to the folder.");
      return;
    }
    String id = sources.get(0);
    List<String> keys = runner.writeKeys(id);
    String key = keys.isEmpty() ? "WRITE_KEY" : keys.get(0);
    String name = id.substring(id.indexOf('/') + 1);
    out.println("Try it:");
    out.println(
        "  curl -u '"
            + key
            + ":' "
            + runner.gatewayUrl()
            + "/v1/track -H 'Content-Type: application/json' -d '{\"userId\":\"user-1\","
            + "\"event\":\"Order Completed\",\"properties\":{\"revenue\":42}}'");
    out.println(
        "  ./sluice tail "
            + name
            + (id.startsWith("default/") ? "" : " -n " + id.substring(0, id.indexOf('/'))));
  }
}
