package dev.sluice.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.api.compiler.ResourceSet;
import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.api.config.WriteKeys;
import dev.sluice.api.v1alpha1.AutoscalingSpec;
import dev.sluice.api.v1alpha1.Connection;
import dev.sluice.api.v1alpha1.ConnectionSpec;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.api.v1alpha1.LocalObjectRef;
import dev.sluice.api.v1alpha1.ResourceStatus;
import dev.sluice.api.v1alpha1.Source;
import dev.sluice.api.v1alpha1.SourceSpec;
import dev.sluice.api.v1alpha1.WorkerResources;
import dev.sluice.operator.Examples;
import dev.sluice.operator.OperatorHarness;
import dev.sluice.operator.RbacRules;
import dev.sluice.operator.model.WorkerAutoscaler;
import dev.sluice.operator.model.WorkerModel;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator against the Fabric8 mock API server (CRUD mode, CRDs applied first) and a real
 * in-process Kafka broker. Each test works in its own namespace.
 */
@EnableKubernetesMockClient(crud = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorIT {
  static KubernetesClient client;
  static KubernetesMockServer server;
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
  void applyingTheQuickstartCreatesTheGatewayWorkersTopicsAndStatuses() throws Exception {
    String ns = "quickstart";
    harness.apply(ns, Examples.resources("quickstart"));

    Deployment gateway = awaitObject(Deployment.class, ns, "sluice-gateway");
    assertThat(gateway.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(OperatorHarness.IMAGE);
    assertThat(gateway.getMetadata().getOwnerReferences())
        .extracting(o -> o.getKind() + "/" + o.getName())
        .containsExactly("Source/web-shop");
    awaitObject(Service.class, ns, "sluice-gateway");
    ConfigMap routes = awaitObject(ConfigMap.class, ns, "sluice-gateway");
    assertThat(ConfigJson.read(routes.getData().get("gateway.json"), GatewayConfig.class).sources())
        .extracting(r -> r.name())
        .containsExactly("web-shop");

    for (String destination : List.of("local-hook", "local-archive")) {
      Deployment worker = awaitObject(Deployment.class, ns, "sluice-worker-" + destination);
      assertThat(worker.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(o -> assertThat(o.getName()).isEqualTo(destination));
      WorkerConfig config = workerConfig(ns, destination);
      assertThat(config.destination()).isEqualTo(destination);
    }

    Source source = awaitReady(Source.class, ns, "web-shop", "True");
    assertThat(source.getStatus().getTopic()).isEqualTo("sluice.quickstart.web-shop");
    assertThat(source.getStatus().getEndpoint())
        .isEqualTo("http://sluice-gateway.quickstart.svc:8080");
    assertThat(source.getStatus().getWriteKeyIds())
        .containsExactly(WriteKeys.id(WriteKeys.hash("quickstart-write-key")))
        .allMatch(id -> id.matches("[0-9a-f]{12}"));
    assertThat(source.getStatus().getObservedGeneration())
        .isEqualTo(source.getMetadata().getGeneration());
    Map<String, TopicDescription> topics =
        await()
            .atMost(Duration.ofSeconds(20))
            // The dead-letter topic is the Destination's, reconciled on its own.
            .ignoreExceptions()
            .until(() -> topicsOf(), t -> t.size() == 3);
    assertThat(topics.get("sluice.quickstart.web-shop").partitions()).hasSize(3);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> eventReasons(ns, "web-shop").contains("TopicCreated"));

    // No pods run in the mock: the worker is not available until its Deployment says so.
    Condition notYet = readyCondition(awaitReady(Destination.class, ns, "local-hook", "False"));
    assertThat(notYet.getReason()).isEqualTo("WorkersNotAvailable");
    assertThat(
            readyCondition(awaitReady(Connection.class, ns, "web-shop-to-local-hook", "False"))
                .getReason())
        .isEqualTo("WorkersNotAvailable");

    markAvailable(ns, "sluice-worker-local-hook");
    assertThat(readyCondition(awaitReady(Destination.class, ns, "local-hook", "True")).getReason())
        .isEqualTo("Delivering");
    assertThat(
            readyCondition(awaitReady(Connection.class, ns, "web-shop-to-local-hook", "True"))
                .getReason())
        .isEqualTo("Delivering");
  }

  @Test
  void eachBrokenReferenceGivesItsReason() {
    ResourceSet resources = Examples.resources("quickstart");
    harness.apply("refs-a", resources);
    harness.apply(
        "refs-b",
        new ResourceSet(
            List.of(),
            List.of(),
            List.of(
                connection("from-nowhere", "nowhere", "local-hook"),
                connection("other-namespace", "web-shop", "local-hook")),
            List.of()));
    Connection badFilter = connection("bad-filter", "web-shop", "local-hook");
    badFilter.setSpec(
        new ConnectionSpec(
            badFilter.getSpec().sourceRef(),
            badFilter.getSpec().destinationRef(),
            true,
            new ConnectionSpec.Filter(null, null, "message.properties.revenue >", null),
            null,
            null));
    badFilter.getMetadata().setNamespace("refs-a");
    client.resource(badFilter).create();
    Connection toNowhere = connection("to-nowhere", "web-shop", "nowhere");
    toNowhere.getMetadata().setNamespace("refs-a");
    client.resource(toNowhere).create();

    assertReason("refs-b", "from-nowhere", "SourceNotFound", "sourceRef nowhere not found");
    assertReason("refs-a", "to-nowhere", "DestinationNotFound", "destinationRef nowhere not found");
    assertReason("refs-b", "other-namespace", "NamespaceMismatch", "exists in namespace");
    assertReason("refs-b", "other-namespace", "NamespaceMismatch", "refs-a");
    assertReason("refs-a", "bad-filter", "InvalidFilter", "spec.filter.condition");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> eventReasons("refs-a", "bad-filter").equals(List.of("InvalidFilter")));
    // The valid Connections of refs-a still compile into the worker; the bad one does not.
    assertThat(workerConfig("refs-a", "local-hook").connections())
        .extracting(c -> c.name())
        .containsExactly("web-shop-to-local-hook");
  }

  @Test
  void aConnectionEditChangesTheWorkerConfigurationButNotItsPodTemplate() {
    String ns = "edit";
    harness.apply(ns, Examples.resources("quickstart"));
    Deployment before = awaitObject(Deployment.class, ns, "sluice-worker-local-hook");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> workerConfig(ns, "local-hook").connections().size() == 1);

    edit(
        Connection.class,
        ns,
        "web-shop-to-local-hook",
        c -> {
          ConnectionSpec s = c.getSpec();
          c.setSpec(
              new ConnectionSpec(
                  s.sourceRef(),
                  s.destinationRef(),
                  s.enabled(),
                  new ConnectionSpec.Filter(List.of("identify"), null, null, null),
                  s.transform(),
                  s.start()));
          return c;
        });

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                workerConfig(ns, "local-hook")
                    .connections()
                    .get(0)
                    .filter()
                    .types()
                    .equals(List.of("identify")));
    Deployment after = object(Deployment.class, ns, "sluice-worker-local-hook");
    assertThat(after.getSpec().getTemplate()).isEqualTo(before.getSpec().getTemplate());
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
  }

  @Test
  void anEditThatDoesNotCompileKeepsTheLastGoodConfigurationRunning() {
    String ns = "last-good";
    harness.apply(ns, Examples.resources("quickstart"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> workerConfig(ns, "local-hook").connections().size() == 1);

    edit(
        Connection.class,
        ns,
        "web-shop-to-local-hook",
        c -> {
          ConnectionSpec s = c.getSpec();
          c.setSpec(
              new ConnectionSpec(
                  s.sourceRef(),
                  s.destinationRef(),
                  s.enabled(),
                  new ConnectionSpec.Filter(null, null, "message.event ==", null),
                  s.transform(),
                  s.start()));
          return c;
        });

    awaitReason(Connection.class, ns, "web-shop-to-local-hook", "InvalidFilter");
    assertThat(workerConfig(ns, "local-hook").connections())
        .singleElement()
        .satisfies(c -> assertThat(c.filter().types()).containsExactly("track"));
  }

  @Test
  void aRotatedSecretReachesTheWorkerConfiguration() {
    String ns = "rotate";
    harness.apply(ns, Examples.resources("quickstart"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> workerSecretText(ns, "local-hook").contains("quickstart-signing-secret"));

    edit(
        Secret.class,
        ns,
        "local-hook",
        s ->
            new SecretBuilder(s).withStringData(Map.of("signingSecret", "rotated-secret")).build());

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> workerSecretText(ns, "local-hook").contains("rotated-secret"));
  }

  @Test
  void aPausedResourceIsLeftAloneAndSaysSo() {
    String ns = "pause";
    harness.apply(ns, Examples.resources("quickstart"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> workerConfig(ns, "local-hook").connections().size() == 1);

    edit(
        Destination.class,
        ns,
        "local-hook",
        d -> {
          d.getMetadata().setAnnotations(Map.of(Pause.ANNOTATION, "true"));
          return d;
        });
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> condition(object(Destination.class, ns, "local-hook"), "Paused") != null);
    client.resources(Connection.class).inNamespace(ns).withName("web-shop-to-local-hook").delete();
    client
        .resources(Connection.class)
        .inNamespace(ns)
        .resource(connection("late", "web-shop", "local-hook"))
        .create();
    // Nothing to wait for but the absence of a change: give the operator the time it needs for
    // the resume below, then compare.
    awaitReady(Connection.class, ns, "late", "False");
    assertThat(workerConfig(ns, "local-hook").connections())
        .extracting(c -> c.name())
        .containsExactly("web-shop-to-local-hook");

    edit(
        Destination.class,
        ns,
        "local-hook",
        d -> {
          d.getMetadata().setAnnotations(Map.of());
          return d;
        });
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                workerConfig(ns, "local-hook").connections().stream()
                    .map(c -> c.name())
                    .toList()
                    .equals(List.of("late")));
    assertThat(condition(object(Destination.class, ns, "local-hook"), "Paused")).isNull();
  }

  @Test
  void partitionsGrowAndARetentionChangeReachesTheExistingTopic() throws Exception {
    String ns = "topics";
    harness.apply(ns, Examples.resources("quickstart"));
    awaitReady(Source.class, ns, "web-shop", "True");

    edit(
        Source.class,
        ns,
        "web-shop",
        s -> {
          SourceSpec spec = s.getSpec();
          s.setSpec(
              new SourceSpec(
                  spec.writeKeys(),
                  spec.enabled(),
                  spec.cors(),
                  spec.limits(),
                  new SourceSpec.TopicSpec(6, null, "P1D")));
          return s;
        });

    await()
        .atMost(Duration.ofSeconds(20))
        // The broker may not know a just-created topic's metadata for a moment.
        .ignoreExceptions()
        .until(
            () ->
                harness
                        .admin()
                        .describeTopics(List.of("sluice.topics.web-shop"))
                        .allTopicNames()
                        .get()
                        .get("sluice.topics.web-shop")
                        .partitions()
                        .size()
                    == 6);
    var resource =
        new org.apache.kafka.common.config.ConfigResource(
            org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "sluice.topics.web-shop");
    await()
        .atMost(Duration.ofSeconds(20))
        // The broker may not know a just-created topic's metadata for a moment.
        .ignoreExceptions()
        .until(
            () ->
                harness
                    .admin()
                    .describeConfigs(List.of(resource))
                    .all()
                    .get()
                    .get(resource)
                    .get("retention.ms")
                    .value()
                    .equals(String.valueOf(Duration.ofDays(1).toMillis())));
  }

  @Test
  void aSourceWithoutWriteKeysGetsAGeneratedOneAndADeletedSourceLeavesTheGateway() {
    String ns = "generated";
    ResourceSet resources = Examples.resources("quickstart");
    Source second = new Source();
    second.setMetadata(new ObjectMetaBuilder().withName("app").build());
    second.setSpec(new SourceSpec(null, null, null, null, null));
    harness.apply(
        ns,
        new ResourceSet(
            List.of(resources.sources().get(0), second),
            List.of(),
            List.of(),
            resources.secrets()));

    Secret generated = awaitObject(Secret.class, ns, "app-write-key");
    assertThat(generated.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("app"));
    Source app = awaitReady(Source.class, ns, "app", "True");
    String generatedKey =
        new String(
            java.util.Base64.getDecoder().decode(generated.getData().values().iterator().next()),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(app.getStatus().getWriteKeyIds())
        .containsExactly(WriteKeys.id(WriteKeys.hash(generatedKey)));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> gatewayRoutes(ns).equals(List.of("app", "web-shop")));

    client.resources(Source.class).inNamespace(ns).withName("app").delete();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> gatewayRoutes(ns).equals(List.of("web-shop")));
  }

  @Test
  void autoscalingUsesAnHpaWithoutKedaAScaledObjectWithItAndNothingOnceRemoved() {
    String ns = "autoscale";
    String worker = "sluice-worker-local-hook";
    ResourceSet resources = Examples.resources("quickstart");
    Destination hook =
        resources.destinations().stream()
            .filter(d -> d.getMetadata().getName().equals("local-hook"))
            .findFirst()
            .orElseThrow();
    hook.setSpec(withField(hook.getSpec(), "autoscaling", new AutoscalingSpec(1, 4, 500, null)));
    harness.apply(ns, resources);

    // No KEDA in this cluster: a HorizontalPodAutoscaler on CPU.
    HorizontalPodAutoscaler hpa = awaitObject(HorizontalPodAutoscaler.class, ns, worker);
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(4);
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(worker);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "HorizontalPodAutoscaler".equals(autoscaler(ns, "local-hook")));
    assertThat(object(Destination.class, ns, "local-hook").getStatus().getConsumerGroup())
        .isEqualTo("sluice.autoscale.local-hook");

    // The autoscaler scales the worker; a change that rewrites the Deployment keeps its count.
    edit(
        Deployment.class,
        ns,
        worker,
        d -> {
          d.getSpec().setReplicas(3);
          return d;
        });
    edit(
        Destination.class,
        ns,
        "local-hook",
        d -> {
          d.setSpec(
              withField(
                  d.getSpec(),
                  "resources",
                  new WorkerResources(new WorkerResources.Quantities("200m", null), null)));
          return d;
        });
    Deployment rewritten =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> object(Deployment.class, ns, worker),
                d ->
                    "200m"
                        .equals(
                            d.getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getResources()
                                .getRequests()
                                .get("cpu")
                                .toString()));
    assertThat(rewritten.getSpec().getReplicas()).isEqualTo(3);

    // KEDA installed: a ScaledObject on the consumer group's lag replaces the HPA.
    client.apiextensions().v1().customResourceDefinitions().resource(kedaCrd()).create();
    edit(
        Destination.class,
        ns,
        "local-hook",
        d -> {
          d.setSpec(withField(d.getSpec(), "autoscaling", new AutoscalingSpec(2, 5, 500, null)));
          return d;
        });
    GenericKubernetesResource scaledObject =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> scaledObject(ns, worker), o -> o != null);
    @SuppressWarnings("unchecked")
    Map<String, Object> spec =
        (Map<String, Object>) scaledObject.getAdditionalProperties().get("spec");
    assertThat(spec).containsEntry("minReplicaCount", 2).containsEntry("maxReplicaCount", 5);
    assertThat(spec.get("triggers").toString())
        .contains("type=kafka")
        .contains("consumerGroup=sluice.autoscale.local-hook")
        .contains("topic=sluice.autoscale.web-shop")
        .contains("lagThreshold=500");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> object(HorizontalPodAutoscaler.class, ns, worker) == null);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "ScaledObject".equals(autoscaler(ns, "local-hook")));
    assertThat(eventReasons(ns, "local-hook")).contains("Autoscaling");

    // Autoscaling removed: no autoscaler, and replicas are the operator's again.
    edit(
        Destination.class,
        ns,
        "local-hook",
        d -> {
          d.setSpec(withField(d.getSpec(), "autoscaling", null));
          return d;
        });
    await().atMost(Duration.ofSeconds(20)).until(() -> scaledObject(ns, worker) == null);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> object(Deployment.class, ns, worker).getSpec().getReplicas() == 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> autoscaler(ns, "local-hook") == null);
  }

  /** What the Destination's status says scales its worker. */
  private static String autoscaler(String ns, String destination) {
    Destination d = object(Destination.class, ns, destination);
    return d == null || d.getStatus() == null ? null : d.getStatus().getAutoscaler();
  }

  private static GenericKubernetesResource scaledObject(String ns, String name) {
    return client
        .genericKubernetesResources(WorkerAutoscaler.SCALED_OBJECTS)
        .inNamespace(ns)
        .withName(name)
        .get();
  }

  /** Just enough of KEDA's CRD for the operator to see that KEDA is installed. */
  private static CustomResourceDefinition kedaCrd() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName("scaledobjects.keda.sh")
        .endMetadata()
        .withNewSpec()
        .withGroup("keda.sh")
        .withScope("Namespaced")
        .withNewNames()
        .withKind("ScaledObject")
        .withPlural("scaledobjects")
        .withSingular("scaledobject")
        .endNames()
        .addNewVersion()
        .withName("v1alpha1")
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .endVersion()
        .endSpec()
        .build();
  }

  /** A spec with one field replaced, through JSON, so that new fields need no edit here. */
  static <S> S withField(S spec, String field, Object value) {
    var mapper = io.fabric8.kubernetes.client.utils.Serialization.jsonMapper();
    com.fasterxml.jackson.databind.node.ObjectNode tree = mapper.valueToTree(spec);
    tree.set(field, mapper.valueToTree(value));
    @SuppressWarnings("unchecked")
    Class<S> type = (Class<S>) spec.getClass();
    return mapper.convertValue(tree, type);
  }

  @Test
  void aSourceWithDeletionPolicyDeleteTakesItsTopicsAndOneWithRetainLeavesThem() throws Exception {
    String ns = "deletion";
    ResourceSet resources = Examples.resources("quickstart");
    Source temporary = new Source();
    temporary.setMetadata(new ObjectMetaBuilder().withName("temporary").build());
    temporary.setSpec(new SourceSpec(null, null, null, null, null, "Delete"));
    harness.apply(
        ns,
        new ResourceSet(
            List.of(resources.sources().get(0), temporary),
            List.of(),
            List.of(),
            resources.secrets()));
    awaitReady(Source.class, ns, "temporary", "True");
    awaitReady(Source.class, ns, "web-shop", "True");
    assertThat(object(Source.class, ns, "temporary").getMetadata().getFinalizers())
        .containsExactly("sluice.dev/topic-deletion");
    assertThat(object(Source.class, ns, "web-shop").getMetadata().getFinalizers()).isEmpty();
    List<String> all =
        List.of(
            "sluice.deletion.temporary",
            "sluice.deletion.temporary.rejected",
            "sluice.deletion.web-shop",
            "sluice.deletion.web-shop.rejected");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> harness.admin().listTopics().names().get().containsAll(all));

    client.resources(Source.class).inNamespace(ns).withName("web-shop").delete();
    client.resources(Source.class).inNamespace(ns).withName("temporary").delete();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> object(Source.class, ns, "temporary") == null);
    assertThat(harness.admin().listTopics().names().get())
        .doesNotContain("sluice.deletion.temporary", "sluice.deletion.temporary.rejected")
        .contains("sluice.deletion.web-shop", "sluice.deletion.web-shop.rejected");
    assertThat(object(Source.class, ns, "web-shop")).isNull();
    assertThat(eventReasons(ns, "temporary")).contains("TopicDeleted");
  }

  @Test
  void aSourceEditThatDoesNotCompileKeepsItsLastGoodRoute() {
    String ns = "last-good-route";
    harness.apply(ns, Examples.resources("quickstart"));
    awaitReady(Source.class, ns, "web-shop", "True");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> gatewayRoutes(ns).equals(List.of("web-shop")));
    String before = object(ConfigMap.class, ns, "sluice-gateway").getData().get("gateway.json");

    edit(
        Source.class,
        ns,
        "web-shop",
        s -> {
          s.setSpec(
              withField(
                  s.getSpec(), "cors", new SourceSpec.Cors(List.of("ftp://not-an-origin/x"))));
          return s;
        });

    Condition ready = readyCondition(awaitReason(Source.class, ns, "web-shop", "InvalidSpec"));
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage())
        .contains("spec.cors.allowedOrigins[0]")
        .contains("last good route");
    assertThat(object(ConfigMap.class, ns, "sluice-gateway").getData().get("gateway.json"))
        .isEqualTo(before);
  }

  /** Runs last: every call the operator made in the tests above is one its ClusterRole allows. */
  @Test
  @Order(Integer.MAX_VALUE)
  void everyApiCallTheOperatorMadeIsAllowedByItsClusterRole() throws InterruptedException {
    List<RecordedRequest> operatorCalls = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      if (RbacRules.OPERATOR_AGENT.equals(request.getHeader("User-Agent"))) {
        operatorCalls.add(request);
      }
    }
    assertThat(operatorCalls).hasSizeGreaterThan(50);
    // The recording sees what matters: reads through watches, writes of objects and statuses.
    assertThat(RbacRules.calls(operatorCalls))
        .contains(
            "watch sluice.dev/sources",
            "patch sluice.dev/connections/status",
            "create core/secrets",
            "update apps/deployments",
            "create autoscaling/horizontalpodautoscalers",
            "delete autoscaling/horizontalpodautoscalers",
            "create keda.sh/scaledobjects",
            "delete keda.sh/scaledobjects",
            "get apiextensions.k8s.io/customresourcedefinitions",
            "patch sluice.dev/sources");
    assertThat(RbacRules.load().refused(operatorCalls)).isEmpty();
  }

  // --- helpers

  private static Connection connection(String name, String source, String destination) {
    Connection c = new Connection();
    c.setMetadata(new ObjectMetaBuilder().withName(name).build());
    c.setSpec(
        new ConnectionSpec(
            new LocalObjectRef(source), new LocalObjectRef(destination), null, null, null, null));
    return c;
  }

  private static void assertReason(String ns, String connection, String reason, String message) {
    Condition ready = readyCondition(awaitReason(Connection.class, ns, connection, reason));
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage()).contains(message);
  }

  /**
   * Edits an object, again on a conflict: the operator writes statuses concurrently, and an edit
   * sends the resourceVersion it read.
   */
  static <T extends HasMetadata> void edit(
      Class<T> type, String ns, String name, java.util.function.UnaryOperator<T> change) {
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptionsInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
        .until(
            () -> {
              client.resources(type).inNamespace(ns).withName(name).edit(change);
              return true;
            });
  }

  private static Map<String, TopicDescription> topicsOf() throws Exception {
    return harness
        .admin()
        .describeTopics(
            List.of(
                "sluice.quickstart.web-shop",
                "sluice.quickstart.web-shop.rejected",
                "sluice.quickstart.local-hook.dlq"))
        .allTopicNames()
        .get();
  }

  /** The reasons of the Events about one object, oldest first. */
  private static List<String> eventReasons(String ns, String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(e -> e.getReason())
        .toList();
  }

  private static List<String> gatewayRoutes(String ns) {
    ConfigMap map = object(ConfigMap.class, ns, "sluice-gateway");
    if (map == null) {
      return List.of();
    }
    return ConfigJson.read(map.getData().get("gateway.json"), GatewayConfig.class)
        .sources()
        .stream()
        .map(r -> r.name())
        .toList();
  }

  private static void markAvailable(String ns, String deployment) {
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName(deployment)
        .editStatus(
            d -> {
              d.setStatus(
                  new DeploymentStatusBuilder()
                      .withReplicas(1)
                      .withReadyReplicas(1)
                      .withAvailableReplicas(1)
                      .build());
              return d;
            });
  }

  static WorkerConfig workerConfig(String ns, String destination) {
    return ConfigJson.read(workerSecretText(ns, destination), WorkerConfig.class);
  }

  static String workerSecretText(String ns, String destination) {
    Secret secret = awaitObject(Secret.class, ns, "sluice-worker-" + destination);
    return WorkerModel.configText(secret);
  }

  static WorkerConfig configOf(Secret workerSecret) {
    return ConfigJson.read(WorkerModel.configText(workerSecret), WorkerConfig.class);
  }

  static <T extends HasMetadata> T object(Class<T> type, String ns, String name) {
    return client.resources(type).inNamespace(ns).withName(name).get();
  }

  static <T extends HasMetadata> T awaitObject(Class<T> type, String ns, String name) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> object(type, ns, name), o -> o != null);
  }

  static <T extends HasMetadata> T awaitReady(
      Class<T> type, String ns, String name, String status) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> object(type, ns, name),
            o -> {
              Condition ready = o == null ? null : readyCondition(o);
              return ready != null && status.equals(ready.getStatus());
            });
  }

  static <T extends HasMetadata> T awaitReason(
      Class<T> type, String ns, String name, String reason) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> object(type, ns, name),
            o -> {
              Condition ready = o == null ? null : readyCondition(o);
              return ready != null && reason.equals(ready.getReason());
            });
  }

  static Condition readyCondition(HasMetadata resource) {
    return condition(resource, "Ready");
  }

  static Condition condition(HasMetadata resource, String type) {
    Object status =
        resource instanceof io.fabric8.kubernetes.client.CustomResource<?, ?> cr
            ? cr.getStatus()
            : null;
    if (!(status instanceof ResourceStatus s)) {
      return null;
    }
    return s.getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }
}
