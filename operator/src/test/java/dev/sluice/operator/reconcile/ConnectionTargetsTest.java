package dev.sluice.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.Connection;
import dev.sluice.api.v1alpha1.ConnectionSpec;
import dev.sluice.api.v1alpha1.LocalObjectRef;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.Test;

class ConnectionTargetsTest {
  @Test
  void aConnectionMovedToAnotherDestinationConcernsBoth() {
    ConnectionTargets targets = new ConnectionTargets();
    assertThat(targets.destinationsOf(connection("a"))).containsExactly(new ResourceID("a", "ns"));
    assertThat(targets.destinationsOf(connection("b")))
        .containsExactlyInAnyOrder(new ResourceID("a", "ns"), new ResourceID("b", "ns"));
    assertThat(targets.destinationsOf(connection("b"))).containsExactly(new ResourceID("b", "ns"));
  }

  private static Connection connection(String destination) {
    Connection c = new Connection();
    c.setMetadata(new ObjectMetaBuilder().withName("c").withNamespace("ns").build());
    c.setSpec(
        new ConnectionSpec(
            new LocalObjectRef("s"), new LocalObjectRef(destination), null, null, null, null));
    return c;
  }
}
