package dev.sluice.workers.actions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actions runtime as a child process ({@code node src/main.js} in {@code actions-runtime/}),
 * for the local runner and tests; in a cluster it is a container beside the worker instead. It
 * listens on loopback only and exits when this process closes its stdin.
 */
public final class RuntimeProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RuntimeProcess.class);
  private static final Pattern LISTENING = Pattern.compile("\"port\":(\\d+)");
  private static final Duration START = Duration.ofSeconds(60);

  private final Process process;
  private final int port;

  private RuntimeProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Raised when the runtime cannot start; the message says what to install or run. */
  public static final class StartException extends Exception {
    public StartException(String message) {
      super(message);
    }
  }

  /**
   * Starts the runtime found in {@code directory} on a free loopback port.
   *
   * @param env extra environment (tests set SLUICE_ACTIONS_TEST_REROUTE_HTTPS)
   */
  public static RuntimeProcess start(Path directory, Map<String, String> env)
      throws StartException {
    return start(directory, env, 0);
  }

  /**
   * @param port the port to listen on; 0 picks a free one
   */
  public static RuntimeProcess start(Path directory, Map<String, String> env, int port)
      throws StartException {
    String node = System.getenv("SLUICE_NODE");
    return start(directory, env, port, node == null || node.isBlank() ? "node" : node);
  }

  /**
   * @param node the Node.js executable (SLUICE_NODE, default {@code node} on the PATH)
   */
  public static RuntimeProcess start(Path directory, Map<String, String> env, int port, String node)
      throws StartException {
    Path main = directory.resolve("src/main.js");
    if (!Files.isRegularFile(main)) {
      throw new StartException(
          "the actions runtime is not at " + directory.toAbsolutePath() + " (no src/main.js)");
    }
    if (!Files.isDirectory(directory.resolve("node_modules/@segment/action-destinations"))) {
      throw new StartException(
          "the actions runtime's packages are not installed: run `npm ci --ignore-scripts` in "
              + directory.toAbsolutePath());
    }
    checkNode(node);
    port = port > 0 ? port : freePort();
    ProcessBuilder builder =
        new ProcessBuilder(node, "src/main.js")
            .directory(directory.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().putAll(env);
    builder.environment().put("SLUICE_ACTIONS_HOST", "127.0.0.1");
    builder.environment().put("SLUICE_ACTIONS_PORT", Integer.toString(port));
    builder.environment().put("SLUICE_ACTIONS_EXIT_WITH_STDIN", "true");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new StartException(nodeMissing(e.getMessage()));
    }
    CompletableFuture<Integer> listening = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  Matcher m = LISTENING.matcher(line);
                  if (!listening.isDone() && line.contains("listening") && m.find()) {
                    listening.complete(Integer.parseInt(m.group(1)));
                  } else {
                    LOG.info("actions runtime: {}", line);
                  }
                }
              } catch (IOException e) {
                LOG.debug("actions runtime output", e);
              }
              listening.complete(-1);
            },
            "actions-runtime-output");
    reader.setDaemon(true);
    reader.start();
    int answered;
    try {
      answered = listening.get(START.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      answered = -1;
    }
    if (answered <= 0) {
      process.destroyForcibly();
      throw new StartException(
          "the actions runtime did not start within "
              + START.toSeconds()
              + " s (see its output above)");
    }
    LOG.info("actions runtime listening on 127.0.0.1:{}", answered);
    return new RuntimeProcess(process, answered);
  }

  /** The runtime folder: SLUICE_ACTIONS_RUNTIME_DIR, else actions-runtime/ here or above. */
  public static Path locate() {
    String configured = System.getenv("SLUICE_ACTIONS_RUNTIME_DIR");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("actions-runtime/src/main.js"))) {
        return dir.resolve("actions-runtime");
      }
      dir = dir.getParent();
    }
    return Path.of("actions-runtime");
  }

  private static void checkNode(String node) throws StartException {
    try {
      Process version = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
      String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      version.waitFor(10, TimeUnit.SECONDS);
      Matcher m = Pattern.compile("v(\\d+)\\.").matcher(text);
      if (!m.find() || Integer.parseInt(m.group(1)) < 20) {
        throw new StartException(
            "Destinations of type actions need Node.js 20 (found " + text.strip() + ")");
      }
    } catch (IOException e) {
      throw new StartException(nodeMissing(e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartException("interrupted while checking the Node.js version");
    }
  }

  private static String nodeMissing(String detail) {
    return "Destinations of type actions need Node.js 20 on the PATH (`node` did not run: "
        + detail
        + "); install Node.js 20 and run `npm ci --ignore-scripts` in actions-runtime/";
  }

  private static int freePort() throws StartException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new StartException("no free loopback port: " + e.getMessage());
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The runtime's resident memory, from /proc (Linux), or -1. */
  public long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("rss", e);
    }
    return -1;
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close(); // the runtime exits when its stdin ends
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
