package dev.sluice.api.config;

import java.util.List;

/**
 * A Connection's filter as the data plane runs it; every part that is set must pass. The compiler
 * maps the resource's filter onto this, so the data plane never sees resource types.
 *
 * @param types message types that pass; null passes every type
 * @param events event names that pass or are held back; null checks none
 * @param condition a CEL expression over {@code message}; null when absent
 * @param samplePercent the share of messages kept, by messageId; null keeps all
 */
public record FilterConfig(
    List<String> types, EventNames events, String condition, Integer samplePercent) {
  public FilterConfig {
    types = types == null ? null : List.copyOf(types);
  }

  /** Exact event names or globs; the compiler allows at most one of the two lists. */
  public record EventNames(List<String> include, List<String> exclude) {
    public EventNames {
      include = include == null ? null : List.copyOf(include);
      exclude = exclude == null ? null : List.copyOf(exclude);
    }
  }
}
