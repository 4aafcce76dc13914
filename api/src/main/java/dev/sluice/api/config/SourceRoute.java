package dev.sluice.api.config;

import java.util.List;

/**
 * One Source as the gateway sees it. Write keys appear only as {@link WriteKeys#hash} values.
 *
 * @param allowedOrigins CORS origins; {@code "*"} allows any, empty allows none
 */
public record SourceRoute(
    String namespace,
    String name,
    String topic,
    String rejectedTopic,
    List<String> writeKeyHashes,
    boolean enabled,
    IngestLimits limits,
    List<String> allowedOrigins) {
  public SourceRoute {
    writeKeyHashes = List.copyOf(writeKeyHashes);
    allowedOrigins = List.copyOf(allowedOrigins);
  }
}
