package dev.sluice.api.v1alpha1;

import java.util.List;
import java.util.Map;

/**
 * @param start where the Destination begins reading the Source when this Connection is created:
 *     {@code earliest}, {@code latest} (default) or an RFC 3339 time
 */
public record ConnectionSpec(
    LocalObjectRef sourceRef,
    LocalObjectRef destinationRef,
    Boolean enabled,
    Filter filter,
    List<TransformStep> transform,
    String start) {

  /**
   * Every part that is set must pass.
   *
   * @param condition a CEL expression over {@code message}
   * @param samplePercent keep this share of messages, chosen deterministically by messageId
   */
  public record Filter(
      List<String> types, EventNames events, String condition, Integer samplePercent) {}

  /** Event names, exact or glob ({@code *}, {@code ?}); at most one of the two lists. */
  public record EventNames(List<String> include, List<String> exclude) {}

  /**
   * Exactly one of its fields is set. Paths are dotted ({@code properties.card_number}).
   *
   * @param drop remove these paths
   * @param allow keep only these paths (and the message's type and identifiers)
   * @param rename move a path to another
   * @param set set a path to the value of a CEL expression over {@code message}
   */
  public record TransformStep(
      List<String> drop, List<String> allow, Map<String, String> rename, Map<String, String> set) {}
}
