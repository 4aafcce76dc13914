package dev.sluice.bench.endtoend;

import dev.sluice.bench.ChildProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
    ChildProcess.awaitReady(process, managementPort, Duration.ofSeconds(300), "sluice local");
  }

  /** User plus system CPU time so far, in seconds. */
  double cpuSeconds() {
    return ChildProcess.cpuSeconds(process.pid());
  }

  /** VmRSS (now) or VmHWM (the peak so far) in MiB. */
  double memoryMiB(String field) {
    return ChildProcess.memoryMiB(process.pid(), field);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
