package dev.sluice.operator.loop;

import dev.sluice.operator.Examples;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One data-plane pod as a local process, made only from what the operator wrote: the Deployment's
 * main class and environment, and its ConfigMap or Secret as files in a directory, as the kubelet
 * mounts them. What differs from a cluster: the classpath (this build's, not the image's), the
 * mount directory, and loopback ports.
 */
final class PodProcess implements AutoCloseable {
  /** The data plane's classpath, written by the cli module's build (as for ./sluice). */
  static final Path CLASSPATH = Examples.root().resolve("cli/target/sluice.classpath");

  private final Process process;
  private final Path configDir;
  final Path log;

  private PodProcess(Process process, Path configDir, Path log) {
    this.process = process;
    this.configDir = configDir;
    this.log = log;
  }

  /**
   * @param overrides environment entries that differ from a cluster (ports, the config path)
   */
  static PodProcess start(
      Deployment deployment, Map<String, String> files, Path dir, Map<String, String> overrides)
      throws IOException {
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    List<String> command = container.getCommand();
    String mainClass = command.get(command.size() - 1);
    Path configDir = Files.createDirectories(dir.resolve("config"));
    write(configDir, files);
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(java, "-Xmx256m", "-cp", Files.readString(CLASSPATH).strip(), mainClass);
    Map<String, String> env = builder.environment();
    for (EnvVar var : container.getEnv()) {
      env.put(var.getName(), valueOf(var, deployment));
    }
    // The mounted directory is elsewhere here; the file name is the operator's.
    String file = Path.of(env.get("SLUICE_CONFIG")).getFileName().toString();
    env.put("SLUICE_CONFIG", configDir.resolve(file).toString());
    env.putAll(overrides);
    Path log = dir.resolve(container.getName() + ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return new PodProcess(builder.start(), configDir, log);
  }

  /** What the kubelet does when the ConfigMap or Secret changes: the files are replaced. */
  void update(Map<String, String> files) {
    write(configDir, files);
  }

  static Map<String, String> files(ConfigMap configMap) {
    return configMap.getData();
  }

  static Map<String, String> files(Secret secret) {
    Map<String, String> files = new java.util.TreeMap<>();
    secret
        .getData()
        .forEach(
            (k, v) ->
                files.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return files;
  }

  private static void write(Path dir, Map<String, String> files) {
    try {
      for (Map.Entry<String, String> entry : files.entrySet()) {
        Path temp = dir.resolve("." + entry.getKey() + ".tmp");
        Files.writeString(temp, entry.getValue());
        Files.move(
            temp,
            dir.resolve(entry.getKey()),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** A plain value, or what the kubelet fills in from the downward API (the pod's name). */
  private static String valueOf(EnvVar var, Deployment deployment) {
    if (var.getValueFrom() == null) {
      return var.getValue();
    }
    if (!"metadata.name".equals(var.getValueFrom().getFieldRef().getFieldPath())) {
      throw new IllegalArgumentException("a pod field this test cannot fill in: " + var);
    }
    return deployment.getMetadata().getName() + "-0";
  }
}
