package dev.sluice.gateway.auth;

import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.IngestLimits;
import dev.sluice.api.config.SourceRoute;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One immutable view of a {@link GatewayConfig}. A request captures the table once when it starts,
 * so a reload never changes the rules half-way through a request.
 */
public final class RouteTable {
  private final GatewayConfig config;
  private final Map<String, SourceRoute> byKeyHash;
  private final Set<String> anyOrigins;
  private final boolean anyOriginWildcard;
  private final int maxBodyBytes;

  private RouteTable(GatewayConfig config) {
    this.config = config;
    Map<String, SourceRoute> keys = new HashMap<>();
    Set<String> origins = new HashSet<>();
    int max = IngestLimits.SEGMENT_DEFAULTS.maxBatchBytes();
    for (SourceRoute source : config.sources()) {
      for (String hash : source.writeKeyHashes()) {
        keys.put(hash, source);
      }
      origins.addAll(source.allowedOrigins());
      if (source.limits() != null) {
        max = Math.max(max, source.limits().maxBatchBytes());
      }
    }
    this.byKeyHash = Map.copyOf(keys);
    this.anyOriginWildcard = origins.contains("*");
    this.anyOrigins = Set.copyOf(origins);
    this.maxBodyBytes = max;
  }

  public static RouteTable of(GatewayConfig config) {
    return new RouteTable(config);
  }

  public static RouteTable empty() {
    return new RouteTable(new GatewayConfig(List.of()));
  }

  public GatewayConfig config() {
    return config;
  }

  public Optional<SourceRoute> byKeyHash(String hash) {
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

  public static boolean allows(SourceRoute source, String origin) {
    List<String> allowed = source.allowedOrigins();
    return allowed.contains("*") || allowed.contains(origin);
  }

  public static IngestLimits limitsOf(SourceRoute source) {
    return source.limits() == null ? IngestLimits.SEGMENT_DEFAULTS : source.limits();
  }
}
