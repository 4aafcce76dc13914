package dev.sluice.bench.endtoend;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code sluice local} started through the launcher, as a user starts it: its own JVM (the launcher
 * execs java, so the process is the JVM), the embedded broker inside it. CPU time and memory come
 * from {@code /proc/<pid>}.
 */
final class RunnerProcess implements AutoCloseable {
  private final Process process;
  final int port;

  private RunnerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * @param javaOpts {@code SLUICE_JAVA_OPTS} for the launcher, or null for its default
   */
  static RunnerProcess start(
      Path launcher,
      Path manifests,
      Path dataDir,
      int port,
      int managementPort,
      String javaOpts,
      Path log)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                launcher.toString(),
                "local",
                manifests.toString(),
                "--data-dir",
                dataDir.toString(),
                "--port",
                Integer.toString(port),
                "--management-port",
                Integer.toString(managementPort)));
    if (javaOpts != null) {
      builder.environment().put("SLUICE_JAVA_OPTS", javaOpts);
    }
    builder.environment().put("SLUICE_LOG_LEVEL", "WARN");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    RunnerProcess runner = new RunnerProcess(builder.start(), port);
    runner.awaitReady(managementPort);
    return runner;
  }

  /** Ready once {@code /readyz} says so: the runner then has its pipelines' partitions. */
  private void awaitReady(int managementPort) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/readyz"))
            .timeout(Duration.ofSeconds(2))
            .build();
    Instant deadline = Instant.now().plusSeconds(300);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("sluice local exited with " + process.exitValue());
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250); // polling a child process's readiness; no event to wait on
    }
    throw new IllegalStateException("sluice local not ready in 300 s");
  }

  /** User plus system CPU time so far, in seconds. */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /** VmRSS (now) or VmHWM (the peak so far) in MiB. */
  double memoryMiB(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      // gone
    }
    return Double.NaN;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
