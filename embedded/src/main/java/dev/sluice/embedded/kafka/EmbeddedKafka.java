package dev.sluice.embedded.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker (broker and controller in one) on loopback. Kafka 4.4 ships no test
 * jars, so this formats the storage and starts {@link KafkaRaftServer} itself. It can be stopped
 * and started again on the same ports and data, which is how tests take Kafka away mid-flight.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Path dataDir;
  private final int brokerPort;
  private final int controllerPort;
  private final Map<String, String> overrides;
  private final boolean temporary;
  private KafkaRaftServer server;

  private EmbeddedKafka(
      Path dataDir,
      boolean temporary,
      int brokerPort,
      int controllerPort,
      Map<String, String> overrides) {
    this.dataDir = dataDir;
    this.temporary = temporary;
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
    this.overrides = Map.copyOf(overrides);
  }

  /** Starts a broker on free ports with its data in a fresh temporary directory. */
  public static EmbeddedKafka start() {
    try {
      return start(Files.createTempDirectory("sluice-kafka-"), true, 0, Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a broker keeping its data in {@code dataDir}; an existing log there is reused.
   *
   * @param brokerPort 0 picks a free port
   * @param overrides broker properties that replace the defaults
   */
  public static EmbeddedKafka start(Path dataDir, int brokerPort, Map<String, String> overrides) {
    return start(dataDir, false, brokerPort, overrides);
  }

  private static EmbeddedKafka start(
      Path dataDir, boolean temporary, int brokerPort, Map<String, String> overrides) {
    EmbeddedKafka kafka =
        new EmbeddedKafka(
            dataDir, temporary, brokerPort == 0 ? freePort() : brokerPort, freePort(), overrides);
    kafka.startServer();
    return kafka;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /**
   * Bootstrap servers where no broker listens (a loopback port just released): for tests of a
   * cluster that never answers.
   */
  public static String unreachableBootstrapServers() {
    return "127.0.0.1:" + freePort();
  }

  public Path dataDir() {
    return dataDir;
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Stops the broker, keeping its data and ports; {@link #restart()} brings it back. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    server.shutdown();
    server.awaitShutdown();
    server = null;
  }

  /** Starts a stopped broker again on the same ports with the same data. */
  public synchronized void restart() {
    if (server == null) {
      startServer();
    }
  }

  /** Stops the broker; a temporary data directory is deleted with it. */
  @Override
  public void close() {
    stop();
    if (temporary) {
      deleteRecursively(dataDir);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", dir, e.getMessage());
    }
  }

  private synchronized void startServer() {
    Path logDir = dataDir.resolve("kraft-logs");
    Properties props = brokerProperties(logDir);
    try {
      formatIfNeeded(logDir);
    } catch (Exception e) {
      throw new IllegalStateException("could not format Kafka storage in " + logDir, e);
    }
    KafkaRaftServer started = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    started.startup();
    server = started;
    awaitReady();
    LOG.info("Kafka broker ready at {} (data in {})", bootstrapServers(), dataDir);
  }

  private Properties brokerProperties(Path logDir) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("num.partitions", "1");
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "4");
    props.put("auto.create.topics.enable", "true");
    props.putAll(overrides);
    return props;
  }

  private void formatIfNeeded(Path logDir) throws Exception {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    Files.createDirectories(logDir);
    new Formatter()
        .setClusterId(Uuid.randomUuid().toString())
        .setNodeId(1)
        .setControllerListenerName("CONTROLLER")
        .setMetadataLogDirectory(logDir.toString())
        .setDirectories(List.of(logDir.toString()))
        .setReleaseVersion(MetadataVersion.latestProduction())
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .run();
  }

  /**
   * The sum over its partitions of what {@code group} has committed on the cluster at {@code
   * bootstrapServers} (0 when nothing): how far a consumer group has got, for tests to wait on.
   */
  public static long committedTotal(String bootstrapServers, String group)
      throws InterruptedException, ExecutionException {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      return admin
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get()
          .values()
          .stream()
          .filter(o -> o != null)
          .mapToLong(OffsetAndMetadata::offset)
          .sum();
    }
  }

  private void awaitReady() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    try (Admin admin = Admin.create(props)) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException("Kafka did not become ready in " + READY_TIMEOUT, e);
          }
        }
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
