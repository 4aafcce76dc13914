package dev.sluice.cli.local;

import dev.sluice.api.compiler.Diagnostic;
import dev.sluice.cli.manifest.CompiledManifests;
import dev.sluice.cli.manifest.LocatedDiagnostic;
import dev.sluice.cli.manifest.ManifestCompiler;
import dev.sluice.cli.manifest.ManifestFolder;
import dev.sluice.console.Console;
import dev.sluice.console.ConsoleSnapshot;
import dev.sluice.console.Problem;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.runtime.ManagementServer;
import dev.sluice.runtime.ReadinessCheck;
import dev.sluice.workers.status.WorkerStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one process: a broker (embedded unless one is given), the gateway and one
 * pipeline per Destination, compiled from a folder of manifests that is watched for changes. It is
 * what {@code sluice local} runs and what the end-to-end tests start in-process.
 */
public final class LocalRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRunner.class);

  /**
   * @param kafka bootstrap servers of an existing cluster, or null for the embedded broker
   * @param port the gateway's port; 0 picks a free one
   * @param managementPort 0 picks a free one
   * @param pollInterval how often the manifest folder is checked
   */
  public record Options(
      Path manifests,
      Path dataDir,
      String kafka,
      String host,
      int port,
      int managementPort,
      Duration pollInterval) {}

  private final Options options;
  private final PrintWriter out;
  private final DataDir dataDir;
  private final ManifestFolder folder;
  private final AtomicLong reloads = new AtomicLong();
  private Vertx vertx;
  private ManagementServer management;
  private volatile EmbeddedKafka kafka;
  private String bootstrapServers;
  private TopicSync topics;
  private DataPlane dataPlane;
  private ManifestWatcher watcher;
  private Console console;

  /** Files that did not parse at the last apply and kept their last good version. */
  private List<LocatedDiagnostic> notApplied = List.of();

  private volatile boolean ready;
  private volatile boolean closed;
  private volatile CompiledManifests current;
  private SortedMap<String, String> appliedFiles;

  private LocalRunner(Options options, PrintWriter out) {
    this.options = options;
    this.out = out;
    this.dataDir = new DataDir(options.dataDir());
    this.folder = new ManifestFolder(options.manifests());
  }

  /** Starts everything and returns once the gateway and every pipeline run. */
  public static LocalRunner start(Options options, PrintWriter out) throws Exception {
    LocalRunner runner = new LocalRunner(options, out);
    try {
      runner.startAll();
      return runner;
    } catch (Exception | Error e) {
      runner.close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    SortedMap<String, String> files = folder.read();
    // The broker takes the longest to start: compile the manifests and open the management port
    // meanwhile.
    CompletableFuture<String> broker = CompletableFuture.supplyAsync(this::startKafka);
    try {
      vertx = Vertx.vertx();
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      management =
          new ManagementServer(registry)
              .addReadinessCheck(ReadinessCheck.of("local", () -> ready ? null : "starting"))
              // The same notices a worker pod serves the operator (decision 0144).
              .document("/status", new WorkerStatus(registry)::json);
      listen(
          "management",
          options.managementPort(),
          () ->
              management
                  .start(vertx, options.host(), options.managementPort())
                  .await(30, TimeUnit.SECONDS));
      CompiledManifests compiled = ManifestCompiler.compile(files, dataDir::writeKey);
      bootstrapServers = joinUnwrapped(broker);
      dataDir.recordBootstrapServers(bootstrapServers);
      topics = new TopicSync(bootstrapServers);
      topics.ensure(compiled.compilation().topics());
      dataPlane =
          listen(
              "gateway",
              options.port(),
              () ->
                  DataPlane.start(
                      vertx,
                      options.host(),
                      options.port(),
                      bootstrapServers,
                      compiled.compilation(),
                      registry));
      dataPlane.readiness().forEach(management::addReadinessCheck);
      console = Console.create(vertx, registry, bootstrapServers, consoleSnapshot(compiled));
      management.fallback(console.handler());
      current = compiled;
      appliedFiles = files;
      watcher = new ManifestWatcher(folder, options.pollInterval(), files, this::applyQuietly);
      watcher.start();
      Summary.print(
          out,
          gatewayUrl(),
          "http://" + options.host() + ":" + management.port(),
          bootstrapServers
              + (kafka == null ? " (--kafka)" : " (embedded; data in " + dataDir.kafkaDir() + ")"),
          folder.dir() + " (" + ManifestFolder.describe(files) + ")",
          compiled);
      ready = true;
    } finally {
      // On a failure the broker may still be starting: let it finish, so close() stops it.
      try {
        broker.join();
      } catch (CompletionException e) {
        // Reported by the join above, or irrelevant after an earlier failure.
      }
    }
  }

  private static <T> T joinUnwrapped(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /**
   * Waits until every readiness check passes (the pipelines' consumers have their partitions).
   *
   * @return null when ready, else what is still missing at the deadline
   */
  public String awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String problem = readinessProblem();
    while (problem != null && System.nanoTime() < deadline) {
      Thread.sleep(50); // A poll of in-memory state; nothing to subscribe to.
      problem = readinessProblem();
    }
    return problem;
  }

  private String readinessProblem() {
    List<String> problems = new ArrayList<>();
    for (ReadinessCheck check : dataPlane.readiness()) {
      String problem = check.problem();
      if (problem != null) {
        problems.add(check.name() + ": " + problem);
      }
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  private String startKafka() {
    if (options.kafka() != null) {
      return options.kafka();
    }
    try {
      kafka = EmbeddedKafka.start(dataDir.kafkaDir(), 0, Map.of());
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "could not start the embedded Kafka broker with data in "
              + dataDir.kafkaDir()
              + " (is another `sluice local` using this --data-dir?): "
              + rootMessage(e),
          e);
    }
    return kafka.bootstrapServers();
  }

  private <T> T listen(String what, int port, java.util.concurrent.Callable<T> starter)
      throws Exception {
    try {
      return starter.call();
    } catch (Exception e) {
      String message = rootMessage(e);
      if (message != null && message.toLowerCase().contains("address already in use")) {
        throw new IllegalStateException(
            "the "
                + what
                + " port "
                + port
                + " is in use by another program; pick another with --"
                + (what.equals("gateway") ? "port" : "management-port"),
            e);
      }
      throw e;
    }
  }

  /** Applies a new version of the folder; what it changed is printed, failures are reported. */
  private void applyQuietly(SortedMap<String, String> files) {
    try {
      apply(files);
    } catch (Exception e) {
      out.println("Could not apply the change: " + rootMessage(e) + " (save again to retry)");
      out.flush();
      LOG.warn("reload failed", e);
    }
  }

  synchronized void apply(SortedMap<String, String> read) throws Exception {
    if (closed) {
      return; // A change noticed while stopping is for the next start.
    }
    long started = System.nanoTime();
    SortedMap<String, String> files = keepLastGoodVersions(read);
    CompiledManifests next = ManifestCompiler.compile(files, dataDir::writeKey);
    List<String> topicChanges = topics.ensure(next.compilation().topics());
    dataPlane.update(next.compilation());
    List<String> lines = new ArrayList<>(topicChanges);
    lines.addAll(ChangeReport.between(current, next));
    current = next;
    appliedFiles = files;
    console.update(consoleSnapshot(next));
    reloads.incrementAndGet();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    out.println(
        "Reloaded "
            + folder.dir()
            + " in "
            + millis
            + " ms"
            + (lines.isEmpty() ? ": nothing that runs changed." : ":"));
    lines.forEach(line -> out.println("  " + line));
    if (next.compilation().gateway().sources().size() > 0
        && lines.stream().anyMatch(l -> l.startsWith("+ Source"))) {
      Summary.printSources(out, next);
    }
    out.flush();
  }

  /**
   * A file that no longer parses (an edit in progress, a typo) keeps its last good version running,
   * the way {@code kubectl apply} leaves a resource alone when its file is rejected, instead of
   * deleting every resource it held.
   */
  private SortedMap<String, String> keepLastGoodVersions(SortedMap<String, String> read) {
    SortedMap<String, String> files = new TreeMap<>(read);
    List<LocatedDiagnostic> kept = new ArrayList<>();
    notApplied = kept;
    for (var entry : read.entrySet()) {
      String previous = appliedFiles.get(entry.getKey());
      if (previous == null || previous.equals(entry.getValue())) {
        continue;
      }
      List<Diagnostic> errors = ManifestCompiler.readErrors(entry.getKey(), entry.getValue());
      if (!errors.isEmpty()) {
        files.put(entry.getKey(), previous);
        String file = entry.getKey();
        String why = "not applied, its last good version keeps running: ";
        errors.forEach(
            d -> kept.add(new LocatedDiagnostic(file, d.withMessage(why + d.message()))));
        out.println(
            entry.getKey()
                + ": not applied, its last good version keeps running: "
                + errors.get(0).message());
      }
    }
    return files;
  }

  /** What the console shows: the compiler's findings and the files that kept their last version. */
  private ConsoleSnapshot consoleSnapshot(CompiledManifests compiled) {
    List<LocatedDiagnostic> all = new ArrayList<>(notApplied);
    all.addAll(compiled.diagnostics());
    return new ConsoleSnapshot(
        compiled.compilation(),
        all.stream().map(d -> new Problem(d.file(), d.diagnostic())).toList());
  }

  /** The web console on the management port; tests check what its views hold open. */
  public Console console() {
    return console;
  }

  public String gatewayUrl() {
    return "http://" + options.host() + ":" + dataPlane.gatewayPort();
  }

  public int gatewayPort() {
    return dataPlane.gatewayPort();
  }

  public int managementPort() {
    return management.port();
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The write keys of a Source ({@code namespace/name}), as the summary prints them. */
  public List<String> writeKeys(String sourceId) {
    return current.writeKeys().getOrDefault(sourceId, List.of());
  }

  /** How many folder changes were applied; tests wait on it instead of sleeping. */
  public long reloads() {
    return reloads.get();
  }

  public CompiledManifests current() {
    return current;
  }

  /** Stops intake, lets pipelines finish and commit, then stops the broker. */
  @Override
  public void close() {
    closed = true; // Before taking the lock, so that a reload waiting for it gives up.
    closeQuietly(watcher); // Outside the lock: a reload in progress finishes first.
    synchronized (this) {
      closeAll();
    }
  }

  private void closeAll() {
    ready = false;
    closeQuietly(console);
    closeQuietly(dataPlane);
    closeQuietly(topics);
    if (management != null) {
      try {
        management.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.debug("management server close", e);
      }
    }
    if (vertx != null) {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.debug("vertx close", e);
      }
    }
    closeQuietly(kafka);
    dataDir.forgetBootstrapServers();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("while stopping: {}", e.getMessage(), e);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
