package dev.sluice.api.compiler;

import dev.sluice.api.config.FilterConfig;
import dev.sluice.api.config.TransformConfig;
import dev.sluice.api.v1alpha1.ConnectionSpec;
import java.util.List;

/**
 * Maps a Connection's filter and transforms from the resource's types to the configuration's, so
 * that the data plane never depends on a resource version.
 */
final class RoutingConfigs {
  private RoutingConfigs() {}

  static FilterConfig filter(ConnectionSpec.Filter filter) {
    if (filter == null) {
      return null;
    }
    ConnectionSpec.EventNames events = filter.events();
    return new FilterConfig(
        filter.types(),
        events == null ? null : new FilterConfig.EventNames(events.include(), events.exclude()),
        filter.condition(),
        filter.samplePercent());
  }

  /** Keeps a null step as null, so the router reports it where it stands. */
  static List<TransformConfig> transforms(List<ConnectionSpec.TransformStep> steps) {
    if (steps == null) {
      return List.of();
    }
    return steps.stream()
        .map(s -> s == null ? null : new TransformConfig(s.drop(), s.allow(), s.rename(), s.set()))
        .collect(java.util.stream.Collectors.toList());
  }
}
