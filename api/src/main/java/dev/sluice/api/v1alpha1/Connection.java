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

/** One Source to one Destination, with the filter and transforms applied on the way. */
@Group(Source.GROUP)
@Version(Source.VERSION)
@Kind("Connection")
@Plural("connections")
@ShortNames("conn")
@Categories(Source.CATEGORY)
@AdditionalPrinterColumn(name = "Source", jsonPath = ".spec.sourceRef.name")
@AdditionalPrinterColumn(name = "Destination", jsonPath = ".spec.destinationRef.name")
@AdditionalPrinterColumn(
    name = "Enabled",
    jsonPath = ".spec.enabled",
    type = AdditionalPrinterColumn.Type.BOOLEAN,
    priority = 1)
@AdditionalPrinterColumn(name = "Ready", jsonPath = Source.READY_STATUS)
@AdditionalPrinterColumn(name = "Message", jsonPath = Source.READY_MESSAGE, priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Connection extends CustomResource<ConnectionSpec, ConnectionStatus>
    implements Namespaced {

  @Override
  @JsonPropertyDescription(
      "What the Connection should be: which Source feeds which Destination, with its filter "
          + "and transforms.")
  public ConnectionSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What the operator last made of the Connection.")
  public ConnectionStatus getStatus() {
    return super.getStatus();
  }
}
