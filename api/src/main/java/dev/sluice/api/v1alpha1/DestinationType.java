package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** The kinds of destination; each has its own settings block in {@link DestinationSpec}. */
public enum DestinationType {
  WEBHOOK("webhook", "Webhooks"),
  KAFKA("kafka", "Kafka"),
  ARCHIVE("archive", "Archive"),
  WAREHOUSE("warehouse", "Warehouse"),
  /** The compiler uses the catalog's name (e.g. {@code Actions Amplitude}) when it knows it. */
  ACTIONS("actions", "Actions");

  private final String wireName;
  private final String defaultIntegrationName;

  DestinationType(String wireName, String defaultIntegrationName) {
    this.wireName = wireName;
    this.defaultIntegrationName = defaultIntegrationName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** The key a message's {@code integrations} object uses for this destination by default. */
  public String defaultIntegrationName() {
    return defaultIntegrationName;
  }
}
