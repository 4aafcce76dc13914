package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the operator last made of the Source. */
public class SourceStatus extends ResourceStatus {
  @JsonPropertyDescription("The Kafka topic the Source's messages are logged to.")
  private String topic;

  @JsonPropertyDescription("The URL clients send to.")
  private String endpoint;

  public String getTopic() {
    return topic;
  }

  public void setTopic(String topic) {
    this.topic = topic;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }
}
