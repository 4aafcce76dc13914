package dev.sluice.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
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
public class Destination extends CustomResource<DestinationSpec, DestinationStatus>
    implements Namespaced {}
