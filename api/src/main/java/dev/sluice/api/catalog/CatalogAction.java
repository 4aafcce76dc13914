package dev.sluice.api.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * @param batch whether the action can send many events in one call (performBatch)
 * @param unsupported why Sluice cannot run it, or null when it can
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogAction(
    String title,
    String description,
    String defaultSubscription,
    boolean batch,
    String unsupported,
    Map<String, CatalogField> fields) {
  public CatalogAction {
    fields = fields == null ? Map.of() : fields;
  }
}
