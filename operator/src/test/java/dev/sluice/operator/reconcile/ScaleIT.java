package dev.sluice.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.api.compiler.ResourceSet;
import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.v1alpha1.Connection;
import dev.sluice.api.v1alpha1.ConnectionSpec;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.api.v1alpha1.DestinationSpec;
import dev.sluice.api.v1alpha1.DestinationType;
import dev.sluice.api.v1alpha1.LocalObjectRef;
import dev.sluice.api.v1alpha1.ResourceStatus;
import dev.sluice.api.v1alpha1.SecretKeyRef;
import dev.sluice.api.v1alpha1.Source;
import dev.sluice.api.v1alpha1.SourceSpec;
import dev.sluice.api.v1alpha1.WriteKey;
import dev.sluice.operator.OperatorHarness;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** 100 Sources, 100 Destinations and 100 Connections in one namespace reconcile within 30 s. */
@EnableKubernetesMockClient(crud = true)
class ScaleIT {
  static final int N = 100;
  static KubernetesClient client;
  static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = new OperatorHarness(client);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void aHundredOfEachReconcileWithinThirtySeconds() {
    String ns = "scale";
    List<Source> sources = new ArrayList<>();
    List<Destination> destinations = new ArrayList<>();
    List<Connection> connections = new ArrayList<>();
    List<Secret> secrets = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      secrets.add(
          new SecretBuilder()
              .withNewMetadata()
              .withName("key-" + i)
              .endMetadata()
              .addToStringData("writeKey", "write-key-" + i)
              .build());
      Source source = new Source();
      source.setMetadata(new ObjectMetaBuilder().withName("source-" + i).build());
      source.setSpec(
          new SourceSpec(
              List.of(new WriteKey(new SecretKeyRef("key-" + i, "writeKey"))),
              null,
              null,
              null,
              new SourceSpec.TopicSpec(1, null, null)));
      sources.add(source);
      Destination destination = new Destination();
      destination.setMetadata(new ObjectMetaBuilder().withName("destination-" + i).build());
      destination.setSpec(
          new DestinationSpec(
              DestinationType.WEBHOOK,
              null,
              new DestinationSpec.Webhook("http://127.0.0.1:9/hook-" + i, null, null, null, null),
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null));
      destinations.add(destination);
      Connection connection = new Connection();
      connection.setMetadata(new ObjectMetaBuilder().withName("connection-" + i).build());
      connection.setSpec(
          new ConnectionSpec(
              new LocalObjectRef("source-" + i),
              new LocalObjectRef("destination-" + i),
              null,
              new ConnectionSpec.Filter(null, null, "message.type == 'track'", null),
              null,
              null));
      connections.add(connection);
    }

    start = System.nanoTime();
    harness.apply(ns, new ResourceSet(sources, destinations, connections, secrets), 8);
    Duration applying = Duration.ofNanos(System.nanoTime() - start);
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> allReconciled(ns));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // What was done by then says where the time went.
      System.out.println("not reconciled within 60 s; first seen done, ms: " + DONE_AT);
      throw e;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.println(
        "100 Sources, 100 Destinations, 100 Connections reconciled in "
            + took
            + " from the first create (creating the 400 objects took "
            + applying
            + "); first seen done, ms: "
            + DONE_AT);
    assertThat(took).isLessThan(Duration.ofSeconds(30));
  }

  /** When each part was first seen done, in ms from the first create: where the time goes. */
  static final java.util.Map<String, Long> DONE_AT =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  static long start;

  private static boolean allReconciled(String ns) {
    ConfigMap gateway = client.configMaps().inNamespace(ns).withName("sluice-gateway").get();
    boolean routes =
        gateway != null
            && ConfigJson.read(gateway.getData().get("gateway.json"), GatewayConfig.class)
                    .sources()
                    .size()
                == N;
    long workers =
        client.secrets().inNamespace(ns).list().getItems().stream()
            .filter(s -> s.getMetadata().getName().startsWith("sluice-worker-"))
            .filter(s -> OperatorIT.configOf(s).connections().size() == 1)
            .count();
    boolean sources =
        statusesDone(client.resources(Source.class).inNamespace(ns).list().getItems(), "True");
    boolean destinations =
        statusesDone(client.resources(Destination.class).inNamespace(ns).list().getItems(), null);
    boolean connections =
        statusesDone(client.resources(Connection.class).inNamespace(ns).list().getItems(), null);
    long now = (System.nanoTime() - start) / 1_000_000;
    for (var part :
        java.util.Map.of(
                "gateway routes", routes,
                "worker configs", workers == N,
                "Source statuses", sources,
                "Destination statuses", destinations,
                "Connection statuses", connections)
            .entrySet()) {
      if (part.getValue()) {
        DONE_AT.putIfAbsent(part.getKey(), now);
      }
    }
    return routes && workers == N && sources && destinations && connections;
  }

  /** Every resource has a status for its generation (with Ready = {@code ready} when given). */
  private static boolean statusesDone(
      List<? extends CustomResource<?, ? extends ResourceStatus>> resources, String ready) {
    return resources.size() == N
        && resources.stream()
            .allMatch(
                r ->
                    r.getStatus() != null
                        && r.getMetadata()
                            .getGeneration()
                            .equals(r.getStatus().getObservedGeneration())
                        && (ready == null
                            || r.getStatus().getConditions().stream()
                                .anyMatch(
                                    c ->
                                        c.getType().equals("Ready")
                                            && c.getStatus().equals(ready))));
  }
}
