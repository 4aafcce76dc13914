package dev.sluice.operator.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.segment.analytics.Analytics;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.TrackMessage;
import dev.sluice.api.compiler.ResourceSet;
import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.api.v1alpha1.Connection;
import dev.sluice.api.v1alpha1.ConnectionSpec;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.api.v1alpha1.DestinationSpec;
import dev.sluice.api.v1alpha1.DestinationType;
import dev.sluice.api.v1alpha1.LocalObjectRef;
import dev.sluice.api.v1alpha1.SecretKeyRef;
import dev.sluice.api.v1alpha1.Source;
import dev.sluice.api.v1alpha1.SourceSpec;
import dev.sluice.api.v1alpha1.WriteKey;
import dev.sluice.operator.OperatorHarness;
import dev.sluice.operator.model.WorkerModel;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the operator writes is what the data plane runs: the gateway and a worker start as separate
 * processes from the Deployments' command and environment and the ConfigMap and Secret as files,
 * events sent with the Segment client are delivered, and a Connection edited through the API
 * changes what the running worker delivers. Separate processes also keep the data plane's Vert.x 5
 * away from Quarkus' Vert.x 4.5. Needs the cli module's build (its data-plane classpath file), as
 * in {@code ./mvnw verify}.
 */
@EnableKubernetesMockClient(crud = true)
class ClosedLoopIT {
  static final String NS = "loop";
  static final String WRITE_KEY = "loop-write-key";
  static KubernetesClient client;
  static OperatorHarness harness;

  @BeforeAll
  static void start() {
    assumeTrue(
        Files.exists(PodProcess.CLASSPATH),
        "needs " + PodProcess.CLASSPATH + ": build the cli module first (./mvnw verify does)");
    harness = new OperatorHarness(client);
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void theDataPlaneRunsWhatTheOperatorWroteAndFollowsAConnectionEdit() throws Exception {
    try (HookReceiver hook = new HookReceiver()) {
      harness.apply(NS, resources(hook.url()));
      ConfigMap routes =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> client.configMaps().inNamespace(NS).withName("sluice-gateway").get(),
                  c -> c != null && c.getData().get("gateway.json").contains("\"app\""));
      Secret workerSecret =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> client.secrets().inNamespace(NS).withName("sluice-worker-hook").get(),
                  s -> s != null && configOf(s).connections().size() == 1);
      Deployment gatewayDeployment =
          client.apps().deployments().inNamespace(NS).withName("sluice-gateway").get();
      Deployment workerDeployment =
          client.apps().deployments().inNamespace(NS).withName("sluice-worker-hook").get();

      Path dir = Files.createDirectories(Path.of("target/closed-loop/" + UUID.randomUUID()));
      int gatewayPort = freePort();
      int gatewayManagement = freePort();
      int workerManagement = freePort();
      try (PodProcess gateway =
              PodProcess.start(
                  gatewayDeployment,
                  PodProcess.files(routes),
                  Files.createDirectories(dir.resolve("gateway")),
                  Map.of(
                      "SLUICE_HOST", "127.0.0.1",
                      "SLUICE_PORT", String.valueOf(gatewayPort),
                      "SLUICE_MANAGEMENT_PORT", String.valueOf(gatewayManagement)));
          PodProcess worker =
              PodProcess.start(
                  workerDeployment,
                  PodProcess.files(workerSecret),
                  Files.createDirectories(dir.resolve("worker")),
                  Map.of(
                      "SLUICE_HOST",
                      "127.0.0.1",
                      "SLUICE_MANAGEMENT_PORT",
                      String.valueOf(workerManagement)))) {
        awaitReady(gateway, gatewayManagement);
        awaitReady(worker, workerManagement);

        // The Connection passes track only: the identify sent first is held back.
        send(gatewayPort, "u1");
        await().atMost(Duration.ofSeconds(60)).until(() -> hook.received().contains("track:u1"));
        assertThat(hook.received()).doesNotContain("identify:u1");

        await()
            .atMost(Duration.ofSeconds(10))
            .ignoreExceptions()
            .until(
                () -> {
                  client
                      .resources(Connection.class)
                      .inNamespace(NS)
                      .withName("app-to-hook")
                      .edit(
                          c -> {
                            c.setSpec(withTypes(c.getSpec(), List.of("identify")));
                            return c;
                          });
                  return true;
                });
        Secret edited =
            await()
                .atMost(Duration.ofSeconds(30))
                .until(
                    () -> client.secrets().inNamespace(NS).withName("sluice-worker-hook").get(),
                    s ->
                        configOf(s)
                            .connections()
                            .get(0)
                            .filter()
                            .types()
                            .equals(List.of("identify")));
        assertThat(
                client
                    .apps()
                    .deployments()
                    .inNamespace(NS)
                    .withName("sluice-worker-hook")
                    .get()
                    .getSpec()
                    .getTemplate())
            .isEqualTo(workerDeployment.getSpec().getTemplate());
        worker.update(PodProcess.files(edited));

        // The running worker reloads its file: identify passes now, track is held back.
        String[] user = new String[1];
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(2))
            .until(
                () -> {
                  user[0] = "u-" + UUID.randomUUID();
                  send(gatewayPort, user[0]);
                  return hook.received().stream().anyMatch(r -> r.startsWith("identify:"));
                });
        String last = "u-last";
        sendTrackThenIdentify(gatewayPort, last);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> hook.received().contains("identify:" + last));
        assertThat(hook.received()).doesNotContain("track:" + last);
        assertThat(gateway.isAlive()).isTrue();
        assertThat(worker.isAlive()).isTrue();
      }
    }
  }

  private static WorkerConfig configOf(Secret workerSecret) {
    return ConfigJson.read(WorkerModel.configText(workerSecret), WorkerConfig.class);
  }

  private static ResourceSet resources(String hookUrl) {
    Secret key =
        new SecretBuilder()
            .withNewMetadata()
            .withName("app-key")
            .endMetadata()
            .addToStringData("writeKey", WRITE_KEY)
            .build();
    Source source = new Source();
    source.setMetadata(new ObjectMetaBuilder().withName("app").build());
    source.setSpec(
        new SourceSpec(
            List.of(new WriteKey(new SecretKeyRef("app-key", "writeKey"))),
            null,
            null,
            null,
            new SourceSpec.TopicSpec(1, null, null)));
    Destination destination = new Destination();
    destination.setMetadata(new ObjectMetaBuilder().withName("hook").build());
    destination.setSpec(
        new DestinationSpec(
            DestinationType.WEBHOOK,
            null,
            new DestinationSpec.Webhook(hookUrl, null, null, null, null),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null));
    Connection connection = new Connection();
    connection.setMetadata(new ObjectMetaBuilder().withName("app-to-hook").build());
    connection.setSpec(
        withTypes(
            new ConnectionSpec(
                new LocalObjectRef("app"),
                new LocalObjectRef("hook"),
                null,
                null,
                null,
                "earliest"),
            List.of("track")));
    return new ResourceSet(
        List.of(source), List.of(destination), List.of(connection), List.of(key));
  }

  private static ConnectionSpec withTypes(ConnectionSpec s, List<String> types) {
    return new ConnectionSpec(
        s.sourceRef(),
        s.destinationRef(),
        s.enabled(),
        new ConnectionSpec.Filter(types, null, null, null),
        s.transform(),
        s.start());
  }

  /** identify then track for one user, in one batch: one partition, in this order. */
  private static void send(int port, String user) {
    Analytics analytics = analytics(port);
    try {
      analytics.enqueue(IdentifyMessage.builder().userId(user).traits(Map.of("plan", "pro")));
      analytics.enqueue(TrackMessage.builder("Order Completed").userId(user));
      analytics.flush();
    } finally {
      analytics.shutdown();
    }
  }

  private static void sendTrackThenIdentify(int port, String user) {
    Analytics analytics = analytics(port);
    try {
      analytics.enqueue(TrackMessage.builder("Order Completed").userId(user));
      analytics.enqueue(IdentifyMessage.builder().userId(user).traits(Map.of("plan", "pro")));
      analytics.flush();
    } finally {
      analytics.shutdown();
    }
  }

  private static Analytics analytics(int port) {
    return Analytics.builder(WRITE_KEY)
        .endpoint("http://127.0.0.1:" + port)
        .flushQueueSize(2)
        .build();
  }

  private static void awaitReady(PodProcess process, int managementPort) {
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError("exited; see " + process.log);
              }
              return http.send(
                          HttpRequest.newBuilder(
                                  URI.create("http://127.0.0.1:" + managementPort + "/readyz"))
                              .build(),
                          HttpResponse.BodyHandlers.discarding())
                      .statusCode()
                  == 200;
            });
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
