package dev.sluice.api.config;

import java.util.List;

/**
 * One Source as the gateway sees it. Write keys appear only as {@link WriteKeys#hash} values.
 *
 * @param allowedOrigins CORS origins; {@code "*"} allows any, empty allows none
 */
public record SourceConfig(
    String namespace,
    String name,
    String topic,
    String rejectedTopic,
    List<String> writeKeyHashes,
    boolean enabled,
    IngestLimits limits,
    List<String> allowedOrigins) {
  public SourceConfig {
    String where = "source " + Required.field("source", "name", name);
    Required.field(where, "namespace", namespace);
    Required.field(where, "topic", topic);
    Required.field(where, "rejectedTopic", rejectedTopic);
    Required.field(where, "limits", limits);
    Required.field(where, "writeKeyHashes", writeKeyHashes);
    Required.field(where, "allowedOrigins", allowedOrigins);
    writeKeyHashes = List.copyOf(writeKeyHashes);
    allowedOrigins = List.copyOf(allowedOrigins);
  }
}
