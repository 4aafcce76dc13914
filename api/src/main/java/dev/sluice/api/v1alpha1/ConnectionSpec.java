package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/**
 * @param start where the Destination begins reading the Source when this Connection is created:
 *     {@code earliest}, {@code latest} (default) or an RFC 3339 time
 */
@ValidationRule(
    value =
        "!has(self.start) || self.start == 'earliest' || self.start == 'latest'"
            + " || self.start.matches('"
            + Patterns.RFC3339_STRICT
            + "')",
    message = "start must be earliest, latest or an RFC 3339 time such as 2026-01-31T09:00:00Z",
    fieldPath = ".start")
public record ConnectionSpec(
    @JsonPropertyDescription("The Source messages come from, in the same namespace.") @Required
        LocalObjectRef sourceRef,
    @JsonPropertyDescription("The Destination messages go to, in the same namespace.") @Required
        LocalObjectRef destinationRef,
    @JsonPropertyDescription("A disabled Connection delivers nothing. Default true.")
        @Default("true")
        Boolean enabled,
    @JsonPropertyDescription(
            "Which messages pass; every part that is set must pass. Unset passes everything.")
        Filter filter,
    @JsonPropertyDescription(
            "Steps applied in order to each message that passes the filter; each step has "
                + "exactly one operation.")
        @Size(max = 50)
        List<TransformStep> transform,
    @JsonPropertyDescription(
            "Where delivery begins when the Connection is created: earliest (replay everything "
                + "the Source's topic retains), latest (only new messages), or an RFC 3339 time "
                + "such as 2026-01-31T09:00:00Z. Default latest.")
        @Pattern(Patterns.START)
        @Size(max = 64)
        @Default("latest")
        String start) {

  /**
   * Every part that is set must pass.
   *
   * @param condition a CEL expression over {@code message}
   * @param samplePercent keep this share of messages, chosen deterministically by messageId
   */
  public record Filter(
      @JsonPropertyDescription(
              "Message types that pass: track, identify, page, screen, group, alias.")
          @SchemaFrom(type = SchemaEnums.MessageType[].class)
          @Size(min = 1, max = 6)
          List<String> types,
      @JsonPropertyDescription("Event names (of track messages) that pass or are held back.")
          EventNames events,
      @JsonPropertyDescription(
              "A CEL expression over message that must be true, e.g. "
                  + "double(message.properties.revenue) > 10.0. An expression that fails to "
                  + "evaluate holds the message back.")
          @Size(min = 1, max = 4096)
          String condition,
      @JsonPropertyDescription(
              "Keep this percentage of messages (0 to 100), chosen deterministically by "
                  + "messageId. Unset keeps all.")
          @Min(0)
          @Max(100)
          Integer samplePercent) {}

  /** Event names, exact or glob ({@code *}, {@code ?}); at most one of the two lists. */
  @ValidationRule(
      value = "!(has(self.include) && has(self.exclude))",
      message = "events may have include or exclude, not both")
  public record EventNames(
      @JsonPropertyDescription("Only these event names pass; exact names or globs with * and ?.")
          @Size(min = 1, max = 500)
          List<String> include,
      @JsonPropertyDescription(
              "These event names are held back; exact names or globs with * and ?.")
          @Size(min = 1, max = 500)
          List<String> exclude) {}

  /**
   * Exactly one of its fields is set. Paths are dotted ({@code properties.card_number}).
   *
   * @param drop remove these paths
   * @param allow keep only these paths (and the message's type and identifiers)
   * @param rename move a path to another
   * @param set set a path to the value of a CEL expression over {@code message}
   */
  @ValidationRule(
      value =
          "[has(self.drop), has(self.allow), has(self.rename), has(self.set)]"
              + ".filter(x, x).size() == 1",
      message = "each transform step needs exactly one of drop, allow, rename and set")
  public record TransformStep(
      @JsonPropertyDescription("Remove these dotted paths, e.g. context.ip.")
          @Size(min = 1, max = 200)
          List<String> drop,
      @JsonPropertyDescription(
              "Keep only these dotted paths (and the message's type and identifiers).")
          @Size(min = 1, max = 200)
          List<String> allow,
      @JsonPropertyDescription("Move the value at each key's path to the value's path.")
          @Size(min = 1, max = 200)
          Map<String, String> rename,
      @JsonPropertyDescription(
              "Set each key's path to the value of a CEL expression over message, e.g. "
                  + "\"'USD'\" for a constant string.")
          @Size(min = 1, max = 200)
          Map<String, String> set) {}
}
