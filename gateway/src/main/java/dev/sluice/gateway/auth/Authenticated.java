package dev.sluice.gateway.auth;

import dev.sluice.api.config.SourceConfig;
import dev.sluice.api.config.WriteKeys;

/** The Source a request belongs to and the hash of the key that proved it (never the key). */
public record Authenticated(SourceConfig source, String keyHash) {
  /** Short id of the key, safe for headers and logs. */
  public String keyId() {
    return WriteKeys.id(keyHash);
  }

  /** {@code namespace/name}: how records and metrics name the Source. */
  public String sourceName() {
    return source.namespace() + "/" + source.name();
  }
}
