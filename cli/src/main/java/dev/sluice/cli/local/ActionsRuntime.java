package dev.sluice.cli.local;

import dev.sluice.api.compiler.Compilation;
import dev.sluice.api.config.ActionsSettings;
import dev.sluice.workers.actions.RuntimeProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * The local runner's actions runtime: a Node.js child process started when the first Destination of
 * type actions appears (at start or on a reload), and stopped with the runner. Its address is fixed
 * when the runner starts, so pipelines created later find it there.
 */
final class ActionsRuntime implements AutoCloseable {
  /** TEST ONLY: passed on to the runtime (see actions-runtime/src/reroute.js). */
  static final String TEST_REROUTE = "SLUICE_ACTIONS_TEST_REROUTE_HTTPS";

  private static final Map<String, String> TEST_ENV = new HashMap<>();

  private RuntimeProcess process;

  /** Tests reroute the runtime's https requests to a loopback server through this. */
  static synchronized void testEnvironment(Map<String, String> env) {
    TEST_ENV.clear();
    TEST_ENV.putAll(env);
  }

  synchronized String url() {
    return process == null ? "http://127.0.0.1:" + reservedPort() : process.url();
  }

  private int reserved = -1;

  private int reservedPort() {
    if (reserved < 0) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        reserved = s.getLocalPort();
      } catch (java.io.IOException e) {
        reserved = 9191;
      }
    }
    return reserved;
  }

  /** Starts the runtime if the compilation has an actions Destination and it is not running. */
  synchronized void ensure(Compilation compilation) throws RuntimeProcess.StartException {
    boolean needed =
        compilation.workers().stream().anyMatch(w -> w.settings() instanceof ActionsSettings);
    if (!needed || process != null) {
      return;
    }
    Map<String, String> env = new HashMap<>();
    synchronized (ActionsRuntime.class) {
      env.putAll(TEST_ENV);
    }
    String reroute = System.getenv(TEST_REROUTE);
    if (reroute != null && !env.containsKey(TEST_REROUTE)) {
      env.put(TEST_REROUTE, reroute);
    }
    process = RuntimeProcess.start(RuntimeProcess.locate(), env, reservedPort());
  }

  synchronized long rssBytes() {
    return process == null ? -1 : process.rssBytes();
  }

  @Override
  public synchronized void close() {
    if (process != null) {
      process.close();
      process = null;
    }
  }
}
