package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the operator last made of the Destination. */
public class DestinationStatus extends ResourceStatus {
  @JsonPropertyDescription("The Kafka consumer group the Destination's worker reads with.")
  private String consumerGroup;

  @JsonPropertyDescription(
      "What scales the worker pods when spec.autoscaling is set: ScaledObject (KEDA, on "
          + "consumer lag) or HorizontalPodAutoscaler (on CPU).")
  private String autoscaler;

  public String getAutoscaler() {
    return autoscaler;
  }

  public void setAutoscaler(String autoscaler) {
    this.autoscaler = autoscaler;
  }

  public String getConsumerGroup() {
    return consumerGroup;
  }

  public void setConsumerGroup(String consumerGroup) {
    this.consumerGroup = consumerGroup;
  }
}
