package dev.sluice.api.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A setting of a destination or a field of an action.
 *
 * @param type Segment's field type: string, text, password, number, integer, boolean, datetime,
 *     object, ...
 * @param requiredIf when the field is required under conditions on other fields, else null
 * @param choices the allowed values, or null for any
 * @param defaultValue for an action field, the mapping it starts from (e.g. {@code {"@path":
 *     "$.userId"}})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogField(
    String type,
    String label,
    String description,
    boolean required,
    RequiredIf requiredIf,
    boolean multiple,
    List<JsonNode> choices,
    String format,
    @JsonProperty("default") JsonNode defaultValue,
    Map<String, Property> properties) {

  public CatalogField {
    type = type == null ? "string" : type;
    properties = properties == null ? Map.of() : properties;
  }

  /** A named property of an object field. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Property(String type, boolean required) {}
}
