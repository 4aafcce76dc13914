package dev.sluice.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
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
public class Source extends CustomResource<SourceSpec, SourceStatus> implements Namespaced {
  public static final String GROUP = "sluice.dev";
  public static final String VERSION = "v1alpha1";
}
