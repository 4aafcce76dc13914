package dev.sluice.operator;

import dev.sluice.api.compiler.ResourceSet;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.operator.events.Events;
import dev.sluice.operator.kafka.RecentlyEnsured;
import dev.sluice.operator.kafka.Topics;
import dev.sluice.operator.notices.WorkerNotices;
import dev.sluice.operator.reconcile.ConnectionReconciler;
import dev.sluice.operator.reconcile.DestinationReconciler;
import dev.sluice.operator.reconcile.Operations;
import dev.sluice.operator.reconcile.SourceReconciler;
import dev.sluice.operator.reconcile.SourceTopicsReconciler;
import dev.sluice.operator.settings.OperatorSettings;
import dev.sluice.operator.status.StatusUpdate;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The operator as production runs it (the three reconcilers, server-side apply off) against a
 * Fabric8 mock API server in CRUD mode with the repository's CRDs applied first, and an in-process
 * Kafka broker. Plain JOSDK rather than a Quarkus boot, which costs ~10 s a test class.
 */
public final class OperatorHarness implements AutoCloseable {
  public static final String IMAGE = "ghcr.io/sluice/sluice:test";

  /** As application.properties sets for production: reconciles mostly wait on Kafka. */
  static final int RECONCILE_THREADS = 100;

  /** How long the harness' operator keeps trying to delete a deleted Source's topics. */
  public static final Duration TOPIC_DELETION_TIMEOUT = Duration.ofSeconds(4);

  private final KubernetesClient client;
  private final EmbeddedKafka kafka;
  private final Admin admin;
  private final Topics topics;
  private final KubernetesClient operatorClient;
  private OperatorSettings settings;
  private Operator operator;
  private WorkerNotices notices;

  public OperatorHarness(KubernetesClient client) {
    this(client, true);
  }

  /**
   * @param reachableKafka false: no broker, and the operator's Kafka is a loopback port nothing
   *     listens on, with a short timeout (Kafka down or unreachable)
   */
  public OperatorHarness(KubernetesClient client, boolean reachableKafka) {
    this.client = client;
    applyCrds(client);
    this.kafka = reachableKafka ? EmbeddedKafka.start() : null;
    String bootstrap = reachableKafka ? kafka.bootstrapServers() : "127.0.0.1:" + closedPort();
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    this.topics = new Topics(admin, Duration.ofSeconds(reachableKafka ? 15 : 1));
    this.settings = OperatorSettings.defaults(IMAGE, bootstrap);
    // The operator's own client, marked, so that its calls can be told from the test's.
    this.operatorClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withUserAgent(RbacRules.OPERATOR_AGENT)
                    .build())
            .build();
    start();
  }

  private void start() {
    Operations operations =
        new Operations(
            settings,
            topics,
            new RecentlyEnsured(Clock.systemUTC(), Duration.ofMinutes(5)),
            new StatusUpdate(Clock.systemUTC()),
            new Events(Clock.systemUTC()),
            TOPIC_DELETION_TIMEOUT);
    this.operator =
        new Operator(
            o ->
                o.withKubernetesClient(operatorClient)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withConcurrentReconciliationThreads(RECONCILE_THREADS)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withCloseClientOnStop(false));
    operator.register(new SourceReconciler(operations));
    operator.register(
        notices == null
            ? new DestinationReconciler(operations)
            : new DestinationReconciler(operations, notices));
    operator.register(new ConnectionReconciler(operations));
    operator.register(new SourceTopicsReconciler(operations));
    operator.start();
  }

  /**
   * Stops the operator and starts it again reading the workers' notices through {@code notices}
   * (e.g. from a loopback server standing for the worker pods' management port).
   */
  public void restart(WorkerNotices notices) {
    operator.stop();
    this.notices = notices;
    start();
  }

  /** Stops the operator and starts it again with other settings, as a new deployment of it. */
  public void restart(UnaryOperator<OperatorSettings> change) {
    operator.stop();
    settings = change.apply(settings);
    start();
  }

  public OperatorSettings settings() {
    return settings;
  }

  /** A loopback port nothing listens on (it was free a moment ago). */
  private static int closedPort() {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The mock API server serves a custom resource's /status only once its CRD exists. */
  public static void applyCrds(KubernetesClient client) {
    try (Stream<Path> files = Files.list(Examples.root().resolve("crds"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          client.apiextensions().v1().customResourceDefinitions().load(in).create();
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public KubernetesClient client() {
    return client;
  }

  public Admin admin() {
    return admin;
  }

  /** Creates a namespace and everything of {@code resources} in it, one object after another. */
  public void apply(String namespace, ResourceSet resources) {
    apply(namespace, resources, 1);
  }

  /**
   * Creates a namespace and everything of {@code resources} in it, {@code parallel} objects at a
   * time (as a GitOps tool applying a folder may), Secrets first.
   */
  public void apply(String namespace, ResourceSet resources, int parallel) {
    client
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    List<HasMetadata> all =
        Stream.of(
                resources.secrets(),
                resources.sources(),
                resources.destinations(),
                resources.connections())
            .flatMap(List::stream)
            .map(HasMetadata.class::cast)
            .toList();
    for (HasMetadata resource : all) {
      resource.getMetadata().setNamespace(namespace);
      resource.getMetadata().setUid(null);
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(parallel);
    try {
      for (List<? extends HasMetadata> kind :
          List.of(
              resources.secrets(),
              resources.sources(),
              resources.destinations(),
              resources.connections())) {
        List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (HasMetadata resource : kind) {
          done.add(pool.submit(() -> client.resource(resource).create()));
        }
        for (java.util.concurrent.Future<?> future : done) {
          future.get();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("could not create an object", e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  @Override
  public void close() {
    operator.stop();
    operatorClient.close();
    admin.close(Duration.ofSeconds(1));
    if (kafka != null) {
      kafka.close();
    }
  }
}
