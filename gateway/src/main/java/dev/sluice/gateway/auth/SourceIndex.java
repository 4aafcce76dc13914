package dev.sluice.gateway.auth;

import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.SourceConfig;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The gateway's Sources indexed by write-key hash: one immutable view of a {@link GatewayConfig}. A
 * request captures the table once when it starts, so a reload never changes the rules half-way
 * through a request.
 */
public final class SourceIndex {
  private final GatewayConfig config;
  private final Map<String, SourceConfig> byKeyHash;
  private final Set<String> anyOrigins;
  private final boolean anyOriginWildcard;
  private final int maxBodyBytes;

  private SourceIndex(GatewayConfig config) {
    this.config = config;
    Map<String, SourceConfig> keys = new HashMap<>();
    Set<String> origins = new HashSet<>();
    int max = Defaults.INGEST_LIMITS.maxBatchBytes();
    for (SourceConfig source : config.sources()) {
      for (String hash : source.writeKeyHashes()) {
        keys.put(hash, source);
      }
      origins.addAll(source.allowedOrigins());
      max = Math.max(max, source.limits().maxBatchBytes());
    }
    this.byKeyHash = Map.copyOf(keys);
    this.anyOriginWildcard = origins.contains("*");
    this.anyOrigins = Set.copyOf(origins);
    this.maxBodyBytes = max;
  }

  public static SourceIndex of(GatewayConfig config) {
    return new SourceIndex(config);
  }

  public static SourceIndex empty() {
    return new SourceIndex(new GatewayConfig(List.of()));
  }

  public GatewayConfig config() {
    return config;
  }

  public Optional<SourceConfig> byKeyHash(String hash) {
    return Optional.ofNullable(byKeyHash.get(hash));
  }

  /** Before the Source is known (a preflight carries no key), any Source's origin will do. */
  public boolean anySourceAllows(String origin) {
    return anyOriginWildcard || anyOrigins.contains(origin);
  }

  /** The most any Source accepts in one request: the cap for reading a body before auth. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  public static boolean allows(SourceConfig source, String origin) {
    return allowOrigin(source, origin) != null;
  }

  /** The {@code Access-Control-Allow-Origin} value for {@code origin}, or null when refused. */
  public static String allowOrigin(SourceConfig source, String origin) {
    List<String> allowed = source.allowedOrigins();
    if (allowed.contains(origin)) {
      return origin;
    }
    return allowed.contains("*") ? "*" : null;
  }

  /** As {@link #allowOrigin(SourceConfig, String)} before the Source is known: any Source's. */
  public String allowOrigin(String origin) {
    if (anyOrigins.contains(origin)) {
      return origin;
    }
    return anyOriginWildcard ? "*" : null;
  }
}
