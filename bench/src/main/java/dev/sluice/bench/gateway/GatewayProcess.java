package dev.sluice.bench.gateway;

import dev.sluice.bench.ChildProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server under load in its own JVM (so its RSS and CPU time are its own): the gateway through
 * {@code GatewayMain}, from this classpath or another build's, or the {@link BaselineServer}.
 */
final class GatewayProcess implements AutoCloseable {
  private final Process process;
  final int port;
  final int managementPort;

  private GatewayProcess(Process process, int port, int managementPort) {
    this.process = process;
    this.port = port;
    this.managementPort = managementPort;
  }

  static GatewayProcess start(
      Path config,
      String kafka,
      int port,
      int managementPort,
      List<String> jvmArgs,
      List<String> gatewayArgs,
      Path log)
      throws IOException, InterruptedException {
    return start(
        System.getProperty("java.class.path"),
        config,
        kafka,
        port,
        managementPort,
        jvmArgs,
        gatewayArgs,
        log);
  }

  /**
   * The baseline server, ready once it accepts connections; {@code mode} "floor" or "headerfloor"
   * (no JSON at all, see {@link BaselineServer}) cuts batch bodies into {@code batchSize} records.
   */
  static GatewayProcess startBaseline(
      String kafka,
      String topic,
      int port,
      String mode,
      int batchSize,
      List<String> jvmArgs,
      Path log)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(Integer.toString(port), kafka, topic));
    if (!mode.equals("baseline")) {
      args.addAll(List.of(mode, Integer.toString(batchSize)));
    }
    List<String> command =
        ChildProcess.java(
            jvmArgs, System.getProperty("java.class.path"), BaselineServer.class.getName(), args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    GatewayProcess baseline = new GatewayProcess(builder.start(), port, -1);
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      if (!baseline.process.isAlive()) {
        throw new IllegalStateException("baseline exited with " + baseline.process.exitValue());
      }
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
        return baseline;
      } catch (IOException e) {
        Thread.sleep(200); // polling a child process's port; no event to wait on
      }
    }
    throw new IllegalStateException("baseline not listening in 90 s");
  }

  /** The gateway from {@code classpath} (this build's, or another commit's benchmarks jar). */
  static GatewayProcess start(
      String classpath,
      Path config,
      String kafka,
      int port,
      int managementPort,
      List<String> jvmArgs,
      List<String> gatewayArgs,
      Path log)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            ChildProcess.java(
                jvmArgs,
                classpath,
                "dev.sluice.gateway.GatewayMain",
                List.of(
                    "--config",
                    config.toString(),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(port),
                    "--management-port",
                    Integer.toString(managementPort),
                    "--kafka",
                    kafka)));
    command.addAll(gatewayArgs);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("SLUICE_LOG_LEVEL", "WARN");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    GatewayProcess gateway = new GatewayProcess(builder.start(), port, managementPort);
    gateway.awaitReady();
    return gateway;
  }

  private void awaitReady() throws InterruptedException {
    ChildProcess.awaitReady(process, managementPort, Duration.ofSeconds(90), "gateway");
  }

  /** Resident set size in MiB, from /proc. */
  double rssMiB() {
    return ChildProcess.memoryMiB(process.pid(), "VmRSS");
  }

  /** User plus system CPU time the process has used, from /proc. */
  double cpuSeconds() {
    return ChildProcess.cpuSeconds(process.pid());
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
