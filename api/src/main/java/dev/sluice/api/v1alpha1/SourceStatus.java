package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the operator last made of the Source. */
public class SourceStatus extends ResourceStatus {
  @JsonPropertyDescription("The Kafka topic the Source's messages are logged to.")
  private String topic;

  @JsonPropertyDescription("The URL clients send to.")
  private String endpoint;

  @JsonPropertyDescription(
      "Ids of the Source's write keys (the first 12 hex digits of each key's SHA-256), as the "
          + "gateway's logs and the messages' headers name them. Never the keys.")
  private List<String> writeKeyIds = new ArrayList<>();

  public List<String> getWriteKeyIds() {
    return writeKeyIds;
  }

  public void setWriteKeyIds(List<String> writeKeyIds) {
    this.writeKeyIds = writeKeyIds;
  }

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
