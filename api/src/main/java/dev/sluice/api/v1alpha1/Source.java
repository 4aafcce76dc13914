package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Where messages come from: owns write keys and becomes one Kafka topic. */
@Group(Source.GROUP)
@Version(Source.VERSION)
@Kind("Source")
@Plural("sources")
@ShortNames("src")
@Categories(Source.CATEGORY)
@AdditionalPrinterColumn(name = "Ready", jsonPath = Source.READY_STATUS)
@AdditionalPrinterColumn(name = "Topic", jsonPath = ".status.topic")
@AdditionalPrinterColumn(name = "Message", jsonPath = Source.READY_MESSAGE, priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Source extends CustomResource<SourceSpec, SourceStatus> implements Namespaced {
  public static final String GROUP = "sluice.dev";
  public static final String VERSION = "v1alpha1";

  /** {@code kubectl get sluice} lists all three kinds. */
  public static final String CATEGORY = "sluice";

  static final String READY_STATUS = ".status.conditions[?(@.type==\"Ready\")].status";
  static final String READY_MESSAGE = ".status.conditions[?(@.type==\"Ready\")].message";

  @Override
  @JsonPropertyDescription("What the Source should be: its write keys, limits and topic.")
  public SourceSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What the operator last made of the Source.")
  public SourceStatus getStatus() {
    return super.getStatus();
  }
}
