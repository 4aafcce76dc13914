package dev.sluice.api.routing;

import java.util.Locale;

/** Why a Connection did not pass a message; {@link #label()} is the metric label. */
public enum FilterReason {
  /** the Connection has {@code enabled: false} */
  DISABLED,
  /** the message's {@code integrations} object turns this Destination off */
  INTEGRATIONS,
  /** the message type is not in {@code filter.types} */
  TYPE,
  /** the track event name is not included, or is excluded */
  EVENT,
  /** not in the sampled share ({@code filter.samplePercent}) */
  SAMPLE,
  /** the CEL condition returned false */
  CONDITION_FALSE,
  /** the CEL condition failed (missing key, wrong types, non-bool result) */
  CONDITION_ERROR,
  /** a transform failed (a {@code set} expression errored, or a path runs through a non-object) */
  TRANSFORM_ERROR;

  private final String label = name().toLowerCase(Locale.ROOT);

  /** Lower-case snake name for metrics: {@code disabled}, {@code condition_false}, ... */
  public String label() {
    return label;
  }
}
