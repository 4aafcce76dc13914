package dev.sluice.operator.settings;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the operator puts into every generated object that the resources do not say.
 *
 * @param image the data-plane image: the workers', and the gateway's unless it has its own
 * @param kafkaBootstrapServers the cluster Sluice logs to, given to every pod
 * @param kafkaPropertiesSecret a Secret in each workload namespace with key {@code
 *     kafka.properties} (TLS/SASL client settings), mounted into every pod when set
 * @param labels added to every generated object and pod (ours win on a clash)
 * @param annotations added to every generated object and pod
 */
public record OperatorSettings(
    String image,
    String imagePullPolicy,
    String kafkaBootstrapServers,
    Optional<String> kafkaPropertiesSecret,
    Gateway gateway,
    Worker worker,
    Map<String, String> labels,
    Map<String, String> annotations) {

  public OperatorSettings {
    kafkaPropertiesSecret = kafkaPropertiesSecret.filter(s -> !s.isBlank());
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  /**
   * @param command the container command that starts the gateway with the process conventions
   * @param image the gateway's own image; empty: the data-plane {@code image}
   */
  public record Gateway(
      List<String> command,
      int replicas,
      PodResources resources,
      int port,
      List<String> trustedProxies,
      String image) {
    public Gateway {
      command = List.copyOf(command);
      trustedProxies = List.copyOf(trustedProxies);
      image = image == null ? "" : image;
    }

    /** A gateway that runs the data-plane image. */
    public Gateway(
        List<String> command,
        int replicas,
        PodResources resources,
        int port,
        List<String> trustedProxies) {
      this(command, replicas, resources, port, trustedProxies, "");
    }
  }

  /**
   * The image a component's pods run: the gateway's own when set (the gateway and the workers can
   * ship as separate images), else the data-plane image.
   */
  public String imageOf(String component) {
    return "gateway".equals(component) && !gateway.image().isBlank() ? gateway.image() : image;
  }

  /**
   * @param command the container command that starts a worker with the process conventions
   * @param actionsRuntimeImage the image of an actions Destination's sidecar (decision 0141);
   *     empty: not set, and such a Destination's worker is refused
   */
  public record Worker(List<String> command, PodResources resources, String actionsRuntimeImage) {
    public Worker {
      command = List.copyOf(command);
      actionsRuntimeImage = actionsRuntimeImage == null ? "" : actionsRuntimeImage;
    }

    /** A worker setting without an actions runtime image. */
    public Worker(List<String> command, PodResources resources) {
      this(command, resources, "");
    }
  }

  /** Kubernetes quantities, e.g. {@code 250m} and {@code 512Mi}; an empty value sets nothing. */
  public record PodResources(
      String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {}

  /** Settings with the defaults the README documents, for a given image and Kafka cluster. */
  public static OperatorSettings defaults(String image, String kafkaBootstrapServers) {
    PodResources resources = new PodResources("100m", "256Mi", "", "512Mi");
    return new OperatorSettings(
        image,
        "IfNotPresent",
        kafkaBootstrapServers,
        Optional.empty(),
        new Gateway(
            List.of("java", "-cp", "/opt/sluice/lib/*", "dev.sluice.gateway.GatewayMain"),
            1,
            resources,
            8080,
            List.of()),
        new Worker(
            List.of("java", "-cp", "/opt/sluice/lib/*", "dev.sluice.workers.WorkerMain"),
            resources),
        Map.of(),
        Map.of());
  }
}
