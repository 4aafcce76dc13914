package dev.sluice.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;

/** What every data-plane pod must hold to: the restricted Pod Security Standard and our probes. */
final class PodSecurity {
  private PodSecurity() {}

  static void assertLockedDown(PodSpec pod) {
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    for (Container container : pod.getContainers()) {
      var security = container.getSecurityContext();
      assertThat(security.getRunAsNonRoot()).isTrue();
      assertThat(security.getReadOnlyRootFilesystem()).isTrue();
      assertThat(security.getAllowPrivilegeEscalation()).isFalse();
      assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
      assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
      assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal())
          .isEqualTo("management");
      assertThat(container.getPorts())
          .anySatisfy(
              p -> {
                assertThat(p.getName()).isEqualTo("management");
                assertThat(p.getContainerPort()).isEqualTo(PodTemplates.MANAGEMENT_PORT);
              });
    }
  }
}
