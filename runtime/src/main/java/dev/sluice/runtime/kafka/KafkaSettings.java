package dev.sluice.runtime.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How a process reaches the Kafka cluster Sluice logs to: its bootstrap servers and client
 * properties (TLS, SASL, tuning) that win over Sluice's defaults. The properties can hold
 * credentials ({@code sasl.jaas.config}), so only their names are ever printed.
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> properties) {
  public KafkaSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers are required");
    }
    properties = Map.copyOf(properties);
  }

  public static KafkaSettings of(String bootstrapServers) {
    return new KafkaSettings(bootstrapServers, Map.of());
  }

  /**
   * Reads client properties from a Java properties file (mounted from a Secret in a cluster).
   *
   * @param file null for none
   */
  public static KafkaSettings load(String bootstrapServers, Path file) throws IOException {
    if (file == null) {
      return of(bootstrapServers);
    }
    Properties loaded = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      loaded.load(reader);
    }
    Map<String, String> properties = new TreeMap<>();
    loaded.stringPropertyNames().forEach(name -> properties.put(name, loaded.getProperty(name)));
    return new KafkaSettings(bootstrapServers, properties);
  }

  /** These settings with more properties on top, e.g. a test's tuning. */
  public KafkaSettings with(Map<String, String> more) {
    Map<String, String> merged = new TreeMap<>(properties);
    merged.putAll(more);
    return new KafkaSettings(bootstrapServers, merged);
  }

  @Override
  public String toString() {
    return "KafkaSettings[bootstrapServers="
        + bootstrapServers
        + ", properties="
        + new TreeMap<>(properties).keySet()
        + "]";
  }
}
