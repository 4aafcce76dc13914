package dev.sluice.api.config;

import dev.sluice.api.v1alpha1.ConnectionSpec.Filter;
import dev.sluice.api.v1alpha1.ConnectionSpec.TransformStep;
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
    Filter filter,
    List<TransformStep> transforms,
    String start) {
  public ConnectionConfig {
    transforms = List.copyOf(transforms);
  }
}
