package dev.sluice.operator;

import dev.sluice.api.compiler.ResourceSet;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import dev.sluice.operator.events.Events;
import dev.sluice.operator.kafka.Topics;
import dev.sluice.operator.reconcile.ConnectionReconciler;
import dev.sluice.operator.reconcile.DestinationReconciler;
import dev.sluice.operator.reconcile.Operations;
import dev.sluice.operator.reconcile.SourceReconciler;
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

  private final KubernetesClient client;
  private final EmbeddedKafka kafka;
  private final Admin admin;
  private final Operator operator;
  private final KubernetesClient operatorClient;

  public OperatorHarness(KubernetesClient client) {
    this.client = client;
    applyCrds(client);
    this.kafka = EmbeddedKafka.start();
    this.admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    OperatorSettings settings = OperatorSettings.defaults(IMAGE, kafka.bootstrapServers());
    Operations operations =
        new Operations(
            settings,
            new Topics(admin, Duration.ofSeconds(15)),
            new StatusUpdate(Clock.systemUTC()),
            new Events(Clock.systemUTC()));
    // The operator's own client, marked, so that its calls can be told from the test's.
    KubernetesClient operatorClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withUserAgent(RbacRules.OPERATOR_AGENT)
                    .build())
            .build();
    this.operatorClient = operatorClient;
    this.operator =
        new Operator(
            o ->
                o.withKubernetesClient(operatorClient)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withCloseClientOnStop(false));
    operator.register(new SourceReconciler(operations));
    operator.register(new DestinationReconciler(operations));
    operator.register(new ConnectionReconciler(operations));
    operator.start();
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

  /** Creates a namespace and everything of {@code resources} in it. */
  public void apply(String namespace, ResourceSet resources) {
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
      client.resource(resource).create();
    }
  }

  @Override
  public void close() {
    operator.stop();
    operatorClient.close();
    admin.close();
    kafka.close();
  }
}
