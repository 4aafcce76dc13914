package dev.sluice.operator.settings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's settings as Quarkus configuration: {@code sluice.operator.*} in
 * application.properties, or {@code SLUICE_OPERATOR_*} environment variables (the Helm chart sets
 * those). Every entry is documented in the README's table.
 */
@ConfigMapping(prefix = "sluice.operator")
public interface OperatorConfig {
  /**
   * The data-plane image, e.g. ghcr.io/sluice-dev/sluice-workers:0.1.0: the workers', and the
   * gateway's unless {@code gateway.image} is set.
   */
  String image();

  @WithDefault("IfNotPresent")
  String imagePullPolicy();

  /**
   * The actions runtime image (e.g. ghcr.io/sluice-dev/sluice-actions-runtime:0.1.0), the sidecar
   * of an actions Destination's worker (decision 0141). Needed only once such a Destination exists:
   * without it, its worker is refused with a message naming this setting.
   */
  Optional<String> actionsRuntimeImage();

  Kafka kafka();

  Gateway gateway();

  Worker worker();

  /** Labels added to every generated object and pod. */
  Map<String, String> labels();

  /** Annotations added to every generated object and pod. */
  Map<String, String> annotations();

  interface Kafka {
    String bootstrapServers();

    /** A Secret in each workload namespace with key kafka.properties (TLS/SASL settings). */
    Optional<String> propertiesSecret();

    /** Admin-client settings file of the operator's own (TLS/SASL), a Java properties file. */
    Optional<String> adminPropertiesFile();

    @WithDefault("PT15S")
    java.time.Duration timeout();

    /**
     * How long the operator tries to delete the topics of a deleted Source whose deletionPolicy is
     * Delete before it lets the Source go and leaves them.
     */
    @WithDefault("PT2M")
    java.time.Duration topicDeletionTimeout();
  }

  interface Gateway {
    @WithDefault("1")
    int replicas();

    @WithDefault("8080")
    int port();

    Optional<List<String>> trustedProxies();

    Optional<List<String>> command();

    Resources resources();

    /** The gateway's own image (e.g. ghcr.io/sluice-dev/sluice-gateway:0.1.0). */
    Optional<String> image();
  }

  interface Worker {
    Optional<List<String>> command();

    Resources resources();
  }

  interface Resources {
    @WithDefault("100m")
    String cpuRequest();

    @WithDefault("256Mi")
    String memoryRequest();

    Optional<String> cpuLimit();

    @WithDefault("512Mi")
    String memoryLimit();
  }

  /** The plain record the builders take. */
  default OperatorSettings toSettings() {
    OperatorSettings defaults = OperatorSettings.defaults(image(), kafka().bootstrapServers());
    return new OperatorSettings(
        image(),
        imagePullPolicy(),
        kafka().bootstrapServers(),
        kafka().propertiesSecret(),
        new OperatorSettings.Gateway(
            gateway().command().orElse(defaults.gateway().command()),
            gateway().replicas(),
            resources(gateway().resources()),
            gateway().port(),
            gateway().trustedProxies().orElse(List.of()),
            gateway().image().orElse("")),
        new OperatorSettings.Worker(
            worker().command().orElse(defaults.worker().command()),
            resources(worker().resources()),
            actionsRuntimeImage().orElse("")),
        labels(),
        annotations());
  }

  private static OperatorSettings.PodResources resources(Resources r) {
    return new OperatorSettings.PodResources(
        r.cpuRequest(), r.memoryRequest(), r.cpuLimit().orElse(""), r.memoryLimit());
  }
}
