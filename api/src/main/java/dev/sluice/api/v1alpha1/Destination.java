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

/** Where messages go: one destination with its settings, credentials and delivery policy. */
@Group(Source.GROUP)
@Version(Source.VERSION)
@Kind("Destination")
@Plural("destinations")
@ShortNames("dest")
@Categories(Source.CATEGORY)
@AdditionalPrinterColumn(name = "Type", jsonPath = ".spec.type")
@AdditionalPrinterColumn(name = "Ready", jsonPath = Source.READY_STATUS)
@AdditionalPrinterColumn(name = "Message", jsonPath = Source.READY_MESSAGE, priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Destination extends CustomResource<DestinationSpec, DestinationStatus>
    implements Namespaced {

  @Override
  @JsonPropertyDescription(
      "What the Destination should be: its type, settings, credentials and delivery policy.")
  public DestinationSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What the operator last made of the Destination.")
  public DestinationStatus getStatus() {
    return super.getStatus();
  }
}
