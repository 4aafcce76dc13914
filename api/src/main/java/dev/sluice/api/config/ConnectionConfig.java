package dev.sluice.api.config;

import java.util.List;

/**
 * One Connection into a worker's Destination, already checked by the compiler: its filter and
 * transforms compile, so the worker can build them without new errors.
 *
 * @param filter null passes everything
 * @param start {@code earliest}, {@code latest} or an RFC 3339 time
 */
public record ConnectionConfig(
    String name,
    String source,
    String topic,
    boolean enabled,
    FilterConfig filter,
    List<TransformConfig> transforms,
    String start) {
  public ConnectionConfig {
    String where = "connection " + Required.field("connection", "name", name);
    Required.field(where, "source", source);
    Required.field(where, "topic", topic);
    Required.field(where, "start", start);
    transforms = List.copyOf(Required.field(where, "transforms", transforms));
  }
}
