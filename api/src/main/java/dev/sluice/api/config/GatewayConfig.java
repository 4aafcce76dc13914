package dev.sluice.api.config;

import java.util.List;

/** The gateway's configuration: every Source it accepts messages for. */
public record GatewayConfig(List<SourceConfig> sources) {
  public GatewayConfig {
    sources = List.copyOf(Required.field("gateway configuration", "sources", sources));
  }
}
