package dev.sluice.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.operator.Examples;
import dev.sluice.operator.OperatorHarness;
import dev.sluice.operator.RbacRules;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing the operator writes makes a GitOps tool (Argo CD, Flux) see the user's resources drift:
 * every example is applied as kubectl sends it, reconciled, and each spec, label and annotation is
 * still exactly what was applied; the operator wrote Sluice's kinds only through /status.
 */
@EnableKubernetesMockClient(crud = true)
class GitOpsSyncIT {
  static final Set<String> SLUICE_KINDS = Set.of("Source", "Destination", "Connection");
  static final ObjectMapper JSON = new ObjectMapper();

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
  void everyExampleKeepsTheSpecItWasAppliedWith() throws Exception {
    KubernetesSerialization serialization = new KubernetesSerialization();
    List<GenericKubernetesResource> applied = new ArrayList<>();
    for (String folder : folders()) {
      String namespace = "gitops-" + folder;
      client
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
      for (String document : documents(folder)) {
        // As kubectl sends it: the manifest's own fields, nothing filled in by a Java class.
        GenericKubernetesResource resource =
            serialization.unmarshal(document, GenericKubernetesResource.class);
        resource.getMetadata().setNamespace(namespace);
        client.resource(resource).create();
        if (SLUICE_KINDS.contains(resource.getKind())) {
          applied.add(resource);
        }
      }
    }
    assertThat(applied).extracting(GenericKubernetesResource::getKind).containsAll(SLUICE_KINDS);

    // Reconciled: every resource has a Ready condition for its current generation.
    for (GenericKubernetesResource resource : applied) {
      await().atMost(Duration.ofSeconds(60)).until(() -> reconciled(live(resource)));
    }

    for (GenericKubernetesResource resource : applied) {
      GenericKubernetesResource live = live(resource);
      String what =
          resource.getKind()
              + " "
              + resource.getMetadata().getNamespace()
              + "/"
              + resource.getMetadata().getName();
      assertThat(JSON.writeValueAsString(live.getAdditionalProperties().get("spec")))
          .as(what + " spec")
          .isEqualTo(JSON.writeValueAsString(resource.getAdditionalProperties().get("spec")));
      assertThat(live.getMetadata().getLabels())
          .as(what + " labels")
          .isEqualTo(resource.getMetadata().getLabels());
      assertThat(live.getMetadata().getAnnotations())
          .as(what + " annotations")
          .isEqualTo(resource.getMetadata().getAnnotations());
      assertThat(live.getMetadata().getFinalizers()).as(what + " finalizers").isNullOrEmpty();
      assertThat(live.getMetadata().getGeneration()).as(what + " generation").isEqualTo(1L);
    }

    // Writes of Sluice's kinds by the operator went to /status only.
    Set<String> writes = new TreeSet<>();
    RecordedRequest request;
    while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      if (RbacRules.OPERATOR_AGENT.equals(request.getHeader("User-Agent"))
          && request.getPath().contains("/apis/sluice.dev/")
          && !request.getMethod().equals("GET")) {
        writes.add(
            request.getMethod()
                + " "
                + request
                    .getPath()
                    .replaceAll("\\?.*", "")
                    .replaceAll("/namespaces/[^/]+/", "/namespaces/*/")
                    .replaceAll("/(sources|destinations|connections)/[^/]+", "/$1/*"));
      }
    }
    assertThat(writes).isNotEmpty().allMatch(w -> w.endsWith("/status"));
  }

  private static GenericKubernetesResource live(GenericKubernetesResource resource) {
    return client
        .genericKubernetesResources(resource.getApiVersion(), resource.getKind())
        .inNamespace(resource.getMetadata().getNamespace())
        .withName(resource.getMetadata().getName())
        .get();
  }

  @SuppressWarnings("unchecked")
  private static boolean reconciled(GenericKubernetesResource live) {
    Object status = live.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> map) || !(map.get("conditions") instanceof List<?> list)) {
      return false;
    }
    Object observed = map.get("observedGeneration");
    return observed != null
        && ((Number) observed).longValue() == live.getMetadata().getGeneration()
        && list.stream().anyMatch(c -> "Ready".equals(((Map<String, Object>) c).get("type")));
  }

  private static List<String> folders() throws IOException {
    try (Stream<Path> dirs = Files.list(Examples.root().resolve("examples"))) {
      return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
    }
  }

  /** The YAML documents of a folder, Secrets first (as a GitOps tool orders them). */
  private static List<String> documents(String folder) throws IOException {
    List<String> secrets = new ArrayList<>();
    List<String> others = new ArrayList<>();
    try (Stream<Path> files = Files.list(Examples.root().resolve("examples").resolve(folder))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
          if (document.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
            continue;
          }
          (document.contains("kind: Secret") ? secrets : others).add(document);
        }
      }
    }
    List<String> all = new ArrayList<>(secrets);
    all.addAll(others);
    return all;
  }
}
