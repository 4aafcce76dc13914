package dev.sluice.api.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One destination of the catalog.
 *
 * @param authentication Segment's scheme: none, custom, basic, oauth2 or oauth-managed
 * @param unsupported why Sluice cannot run it (partner credentials, audiences, sync modes, setup
 *     hooks), or null when it can
 * @param presets the destination's default subscriptions with their mappings
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogDestination(
    String slug,
    String id,
    String name,
    String description,
    String authentication,
    String unsupported,
    Map<String, CatalogField> settings,
    Map<String, CatalogAction> actions,
    List<Preset> presets) {

  public CatalogDestination {
    settings = settings == null ? Map.of() : settings;
    actions = actions == null ? Map.of() : actions;
    presets = presets == null ? List.of() : presets;
  }

  public boolean oauth() {
    return "oauth2".equals(authentication);
  }

  /** A default subscription: events matching {@code subscribe} go to {@code action}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Preset(
      String name, String subscribe, String action, Map<String, JsonNode> mapping) {}
}
