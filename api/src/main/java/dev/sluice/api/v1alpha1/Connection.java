package dev.sluice.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
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
public class Connection extends CustomResource<ConnectionSpec, ConnectionStatus>
    implements Namespaced {}
