package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/**
 * An actions Destination: one of Segment's open-source action destinations (Amplitude, Mixpanel,
 * Braze, ...) run unchanged by the actions runtime beside the worker.
 *
 * @param settings the destination's settings; each value is plain JSON, or {@code {valueFrom:
 *     {secretKeyRef: ...}}}
 */
@ValidationRule(
    value = "has(self.presets) && self.presets ? true : has(self.subscriptions)",
    message = "actions needs presets: true or a list of subscriptions")
public record ActionsSpec(
    @JsonPropertyDescription(
            "The destination's slug in Segment's catalog, e.g. amplitude, mixpanel, webhook "
                + "(`sluice catalog` lists them).")
        @Required
        @Size(min = 1, max = 100)
        @Pattern("^[a-z0-9][a-z0-9-]*$")
        String destination,
    @JsonPropertyDescription(
            "The destination's settings (its catalog settings schema). Each value is plain JSON or "
                + "{valueFrom: {secretKeyRef: {name, key}}}.")
        @PreserveUnknownFields
        @Size(max = 100)
        Map<String, JsonNode> settings,
    @JsonPropertyDescription(
            "Use the destination's own default subscriptions and mappings (Segment's presets); "
                + "subscriptions listed too are added to them.")
        Boolean presets,
    @JsonPropertyDescription(
            "Which events go to which action, with which mapping, in Segment's subscription "
                + "syntax.")
        @Size(max = 100)
        List<Subscription> subscriptions,
    @JsonPropertyDescription("OAuth tokens and client credentials, for OAuth destinations.")
        OAuth oauth,
    @JsonPropertyDescription(
            "Batching: with maxEvents above 1, actions that can send a batch (performBatch) get "
                + "up to that many events in one call. Default 1.")
        DestinationSpec.Batch batch,
    @JsonPropertyDescription(
            "Time allowed for one event or batch, as an ISO-8601 duration. Default PT10S.")
        @Pattern(Patterns.DURATION)
        String timeout) {

  /** One subscription: events matching {@code subscribe} go to {@code action} mapped so. */
  public record Subscription(
      @JsonPropertyDescription("A name for people and logs.") @Size(max = 200) String name,
      @JsonPropertyDescription(
              "Segment's subscription syntax, e.g. type = \"track\" and event = \"Order "
                  + "Completed\".")
          @Required
          @Size(min = 1, max = 4096)
          String subscribe,
      @JsonPropertyDescription("The action's key in the catalog, e.g. logEventV2.")
          @Required
          @Size(min = 1, max = 200)
          String action,
      @JsonPropertyDescription(
              "Field values: literals or Segment's mapping directives (@path, @template, @if, ...).")
          @PreserveUnknownFields
          @Size(max = 200)
          Map<String, JsonNode> mapping) {}

  /**
   * OAuth 2 tokens from Secrets. The runtime refreshes an expired access token with the refresh
   * token and client credentials; the worker keeps the new token in memory.
   */
  public record OAuth(
      @JsonPropertyDescription("The Secret key holding the access token.") @Required
          SecretKeyRef accessTokenRef,
      @JsonPropertyDescription("The Secret key holding the refresh token.")
          SecretKeyRef refreshTokenRef,
      @JsonPropertyDescription("The Secret key holding the OAuth client id.")
          SecretKeyRef clientIdRef,
      @JsonPropertyDescription("The Secret key holding the OAuth client secret.")
          SecretKeyRef clientSecretRef,
      @JsonPropertyDescription("Overrides the destination's token endpoint, when it has one.")
          @Size(max = 2048)
          String refreshTokenUrl) {}
}
