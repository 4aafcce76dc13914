package dev.sluice.api.config;

import java.util.List;
import java.util.Map;

/**
 * One transform step as the data plane runs it; the compiler guarantees exactly one field is set.
 * Paths are dotted ({@code properties.card_number}).
 *
 * @param drop remove these paths
 * @param allow keep only these paths (and the message's type and identifiers)
 * @param rename move the value at each key's path to the value's path
 * @param set set each key's path to the value of a CEL expression over {@code message}
 */
public record TransformConfig(
    List<String> drop, List<String> allow, Map<String, String> rename, Map<String, String> set) {}
