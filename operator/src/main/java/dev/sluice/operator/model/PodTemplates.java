package dev.sluice.operator.model;

import dev.sluice.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pod template both data-plane Deployments share: the process conventions (environment, mounted
 * configuration), probes on the management port, and a locked-down security context.
 */
public final class PodTemplates {
  /** Where the configuration volume is mounted; the whole directory, so updates reach the pod. */
  public static final String CONFIG_DIR = "/etc/sluice/config";

  public static final String KAFKA_DIR = "/etc/sluice/kafka";
  public static final String KAFKA_PROPERTIES_KEY = "kafka.properties";
  public static final int MANAGEMENT_PORT = 9090;

  /** Pod-template annotation: a hash of what a running pod cannot reload, so a change rolls it. */
  public static final String RESTART_HASH = "sluice.dev/restart-hash";

  private PodTemplates() {}

  /**
   * What one Deployment's pods run.
   *
   * @param configVolume the volume holding {@code configFile} (a ConfigMap or a Secret)
   * @param extraEnv environment beyond the shared conventions
   * @param ports container ports beyond the management port
   * @param kafkaPropertiesDigest a digest of the Kafka properties Secret's content, so that a
   *     change of it restarts the pods (they read it only at start); empty without one
   */
  record Spec(
      String component,
      String instance,
      List<String> command,
      Volume configVolume,
      String configFile,
      OperatorSettings.PodResources resources,
      List<EnvVar> extraEnv,
      List<ContainerPort> ports,
      String kafkaPropertiesDigest) {}

  static PodTemplateSpec build(Spec spec, OperatorSettings settings) {
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    volumes.add(spec.configVolume());
    mounts.add(mount(spec.configVolume().getName(), CONFIG_DIR));
    // The root filesystem is read-only; the JVM and Kafka's native libraries still need a /tmp.
    volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    mounts.add(mount("tmp", "/tmp"));

    Map<String, String> env = new LinkedHashMap<>();
    env.put("SLUICE_CONFIG", CONFIG_DIR + "/" + spec.configFile());
    env.put("SLUICE_KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrapServers());
    settings
        .kafkaPropertiesSecret()
        .ifPresent(
            secret -> {
              volumes.add(
                  new VolumeBuilder()
                      .withName("kafka")
                      .withNewSecret()
                      .withSecretName(secret)
                      .endSecret()
                      .build());
              mounts.add(mount("kafka", KAFKA_DIR));
              env.put("SLUICE_KAFKA_PROPERTIES_FILE", KAFKA_DIR + "/" + KAFKA_PROPERTIES_KEY);
            });
    env.put("SLUICE_MANAGEMENT_PORT", String.valueOf(MANAGEMENT_PORT));
    env.put("SLUICE_LOG_FORMAT", "JSON");
    List<EnvVar> envVars = new ArrayList<>();
    env.forEach((name, value) -> envVars.add(new EnvVar(name, value, null)));
    envVars.addAll(spec.extraEnv());

    List<ContainerPort> ports = new ArrayList<>(spec.ports());
    ports.add(port("management", MANAGEMENT_PORT));

    Container container =
        new ContainerBuilder()
            .withName(spec.component())
            .withImage(settings.imageOf(spec.component()))
            .withImagePullPolicy(settings.imagePullPolicy())
            .withCommand(spec.command())
            .withEnv(envVars)
            .withPorts(ports)
            .withVolumeMounts(mounts)
            .withResources(resources(spec.resources()))
            .withLivenessProbe(probe("/healthz", 3))
            .withReadinessProbe(probe("/readyz", 1))
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withReadOnlyRootFilesystem(true)
            .withAllowPrivilegeEscalation(false)
            .withPrivileged(false)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .endSecurityContext()
            .build();

    Map<String, String> annotations = new TreeMap<>(settings.annotations());
    annotations.put(RESTART_HASH, restartHash(spec, settings));
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(Labels.of(spec.component(), spec.instance(), settings.labels()))
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        // Data-plane pods never call the Kubernetes API: no token in them.
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(container)
        .withVolumes(volumes)
        .endSpec()
        .build();
  }

  /**
   * What a pod cannot pick up while it runs. Image, command and resources already change the pod
   * template; they are in the hash too, so the annotation alone tells why pods rolled. The Kafka
   * properties Secret enters as a digest of its content. The configuration file is not: it is
   * hot-reloaded.
   */
  private static String restartHash(Spec spec, OperatorSettings settings) {
    OperatorSettings.PodResources r = spec.resources();
    return ConfigHash.of(
        settings.imageOf(spec.component()),
        String.join(" ", spec.command()),
        r.cpuRequest(),
        r.memoryRequest(),
        r.cpuLimit(),
        r.memoryLimit(),
        settings.kafkaBootstrapServers(),
        settings.kafkaPropertiesSecret().orElse(""),
        spec.kafkaPropertiesDigest());
  }

  static ContainerPort port(String name, int number) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(number)
        .withProtocol("TCP")
        .build();
  }

  private static VolumeMount mount(String volume, String path) {
    return new VolumeMountBuilder()
        .withName(volume)
        .withMountPath(path)
        .withReadOnly(!"tmp".equals(volume))
        .build();
  }

  private static Probe probe(String path, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withNewPort("management")
        .endHttpGet()
        .withPeriodSeconds(10)
        .withTimeoutSeconds(2)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private static ResourceRequirements resources(OperatorSettings.PodResources r) {
    Map<String, Quantity> requests = new TreeMap<>();
    Map<String, Quantity> limits = new TreeMap<>();
    put(requests, "cpu", r.cpuRequest());
    put(requests, "memory", r.memoryRequest());
    put(limits, "cpu", r.cpuLimit());
    put(limits, "memory", r.memoryLimit());
    return new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
        .withRequests(requests)
        .withLimits(limits)
        .build();
  }

  private static void put(Map<String, Quantity> map, String name, String value) {
    if (value != null && !value.isBlank()) {
      map.put(name, new Quantity(value));
    }
  }
}
