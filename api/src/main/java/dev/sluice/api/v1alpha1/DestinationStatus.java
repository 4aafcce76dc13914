package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the operator last made of the Destination. */
public class DestinationStatus extends ResourceStatus {
  @JsonPropertyDescription("The Kafka consumer group the Destination's worker reads with.")
  private String consumerGroup;

  public String getConsumerGroup() {
    return consumerGroup;
  }

  public void setConsumerGroup(String consumerGroup) {
    this.consumerGroup = consumerGroup;
  }
}
