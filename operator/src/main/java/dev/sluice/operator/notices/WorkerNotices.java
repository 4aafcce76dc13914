package dev.sluice.operator.notices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.compiler.Names;
import dev.sluice.operator.model.Labels;
import dev.sluice.operator.model.PodTemplates;
import dev.sluice.operator.model.WorkerModel;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a Destination's notices from its ready worker pods: {@code GET /status} on each pod's
 * management port, keeping the notices about that Destination. A pod that does not answer within
 * two seconds is skipped; when none answers the result is empty (unknown), not "no notices".
 */
public final class WorkerNotices {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Function<Pod, Optional<URI>> address;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /**
   * @param address where a pod's management port answers; {@link #podAddress} in a cluster, a
   *     loopback server in tests
   */
  public WorkerNotices(Function<Pod, Optional<URI>> address) {
    this.address = address;
  }

  /** The pod's IP and the management port every data-plane pod gets. */
  public static Optional<URI> podAddress(Pod pod) {
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    if (ip == null || ip.isBlank()) {
      return Optional.empty();
    }
    String host = ip.contains(":") ? "[" + ip + "]" : ip;
    return Optional.of(URI.create("http://" + host + ":" + PodTemplates.MANAGEMENT_PORT));
  }

  /** The notice types the Destination's ready workers report, or empty when none answered. */
  public Optional<Set<String>> read(KubernetesClient client, String namespace, String destination) {
    var pods =
        client
            .pods()
            .inNamespace(namespace)
            .withLabels(Labels.selector(WorkerModel.COMPONENT, Names.workerDeployment(destination)))
            .list()
            .getItems();
    Set<String> notices = new LinkedHashSet<>();
    boolean answered = false;
    for (Pod pod : pods) {
      if (!isReady(pod)) {
        continue;
      }
      Optional<JsonNode> status = address.apply(pod).flatMap(this::status);
      if (status.isEmpty()) {
        continue;
      }
      answered = true;
      for (JsonNode notice : status.get().path("notices")) {
        if (destination.equals(notice.path("destination").asText())
            && namespace.equals(notice.path("namespace").asText(namespace))) {
          notices.add(notice.path("type").asText());
        }
      }
    }
    return answered ? Optional.of(notices) : Optional.empty();
  }

  private Optional<JsonNode> status(URI base) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(base.resolve("/status")).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? Optional.of(JSON.readTree(response.body()))
          : Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      return Optional.empty(); // not reachable now: the next reconcile asks again
    }
  }

  private static boolean isReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
