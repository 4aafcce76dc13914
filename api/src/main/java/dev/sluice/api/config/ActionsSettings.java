package dev.sluice.api.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An actions Destination, checked against the catalog, with Secret values resolved: what the worker
 * hands the actions runtime with every event.
 *
 * @param destination the catalog slug, e.g. {@code amplitude}
 * @param settings the destination's settings, credentials included
 * @param subscriptions presets and listed subscriptions, each mapping completed with the action's
 *     default field mappings
 * @param oauth null unless the destination uses OAuth
 */
public record ActionsSettings(
    String destination,
    Map<String, JsonNode> settings,
    List<Subscription> subscriptions,
    OAuth oauth,
    int batchMaxEvents,
    int batchMaxBytes,
    Duration batchMaxWait,
    Duration timeout)
    implements DestinationSettings {

  public ActionsSettings {
    Required.field("actions", "destination", destination);
    settings = Map.copyOf(Required.field("actions", "settings", settings));
    subscriptions = List.copyOf(Required.field("actions", "subscriptions", subscriptions));
    Required.field("actions", "batchMaxWait", batchMaxWait);
    Required.field("actions", "timeout", timeout);
  }

  /** Events matching {@code subscribe} (Segment's syntax) go to {@code action} mapped so. */
  public record Subscription(
      String name, String subscribe, String action, Map<String, JsonNode> mapping) {
    public Subscription {
      Required.field("subscription", "subscribe", subscribe);
      Required.field("subscription", "action", action);
      mapping = Map.copyOf(Required.field("subscription", "mapping", mapping));
    }
  }

  /** OAuth 2 tokens and client credentials as read from Secrets when compiled. */
  public record OAuth(
      String accessToken,
      String refreshToken,
      String clientId,
      String clientSecret,
      String refreshTokenUrl) {
    public OAuth {
      Required.field("oauth", "accessToken", accessToken);
    }

    @Override
    public String toString() {
      return "OAuth[refreshTokenUrl=" + refreshTokenUrl + "]";
    }
  }

  @Override
  public String toString() {
    // Setting values may be credentials: names only.
    return "Actions[destination="
        + destination
        + ", settings="
        + settings.keySet()
        + ", subscriptions="
        + subscriptions.size()
        + "]";
  }
}
