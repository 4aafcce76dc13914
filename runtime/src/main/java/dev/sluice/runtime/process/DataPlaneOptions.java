package dev.sluice.runtime.process;

import dev.sluice.runtime.kafka.KafkaSettings;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The settings both data-plane processes take, each from an option or its environment variable (an
 * option wins). A Deployment's pod spec sets the variables and mounts the files: that is the whole
 * interface between the operator and the data plane.
 */
public final class DataPlaneOptions {
  @Option(
      names = "--config",
      defaultValue = "${env:SLUICE_CONFIG}",
      paramLabel = "FILE",
      description = "Compiled configuration file, reloaded when it changes (env SLUICE_CONFIG).")
  private Path config;

  @Option(
      names = "--kafka",
      defaultValue = "${env:SLUICE_KAFKA_BOOTSTRAP_SERVERS}",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (env SLUICE_KAFKA_BOOTSTRAP_SERVERS).")
  private String kafka;

  @Option(
      names = "--kafka-properties",
      defaultValue = "${env:SLUICE_KAFKA_PROPERTIES_FILE}",
      paramLabel = "FILE",
      description =
          "Java properties file of Kafka client settings such as TLS and SASL"
              + " (env SLUICE_KAFKA_PROPERTIES_FILE).")
  private Path kafkaProperties;

  @Option(
      names = "--host",
      defaultValue = "${env:SLUICE_HOST:-0.0.0.0}",
      description = "Address to listen on (env SLUICE_HOST, default ${DEFAULT-VALUE}).")
  private String host;

  @Option(
      names = "--management-port",
      defaultValue = "${env:SLUICE_MANAGEMENT_PORT:-9090}",
      description =
          "Port of /healthz, /readyz and /metrics (env SLUICE_MANAGEMENT_PORT,"
              + " default ${DEFAULT-VALUE}).")
  private int managementPort;

  /** Checks what has no default; called once parsing is done. */
  void validate() {
    if (config == null) {
      throw new IllegalArgumentException("--config FILE (or SLUICE_CONFIG) is required");
    }
    if (kafka == null || kafka.isBlank()) {
      throw new IllegalArgumentException(
          "--kafka HOST:PORT (or SLUICE_KAFKA_BOOTSTRAP_SERVERS) is required");
    }
  }

  public Path config() {
    return config;
  }

  /** The Kafka settings, with the properties file read now. */
  public KafkaSettings kafka() throws IOException {
    return KafkaSettings.load(kafka, kafkaProperties);
  }

  public String host() {
    return host;
  }

  public int managementPort() {
    return managementPort;
  }

  @Override
  public String toString() {
    return "DataPlaneOptions[config="
        + config
        + ", kafka="
        + kafka
        + ", kafkaProperties="
        + kafkaProperties
        + ", host="
        + host
        + ", managementPort="
        + managementPort
        + "]";
  }
}
