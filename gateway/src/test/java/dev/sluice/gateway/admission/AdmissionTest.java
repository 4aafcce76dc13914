package dev.sluice.gateway.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  @Test
  void admitsUpToTheReadingBoundThenRefusesUntilASlotIsReleased() {
    Admission admission = new Admission(2, () -> false);
    assertThat(admission.tryAdmit()).isNull();
    assertThat(admission.tryAdmit()).isNull();
    assertThat(admission.tryAdmit()).isEqualTo(Admission.Refusal.READING);
    assertThat(admission.reading()).isEqualTo(2);
    admission.release();
    assertThat(admission.tryAdmit()).isNull();
    assertThat(admission.reading()).isEqualTo(2);
  }

  @Test
  void refusesWithoutTakingASlotWhileKafkasInFlightBoundIsReached() {
    AtomicBoolean full = new AtomicBoolean(true);
    Admission admission = new Admission(4, full::get);
    assertThat(admission.tryAdmit()).isEqualTo(Admission.Refusal.IN_FLIGHT);
    assertThat(admission.reading()).isZero();
    full.set(false);
    assertThat(admission.tryAdmit()).isNull();
    assertThat(Admission.Refusal.IN_FLIGHT.label()).isEqualTo("in_flight");
    assertThat(Admission.Refusal.READING.label()).isEqualTo("reading");
  }

  @Test
  void aBoundBelowOneIsRefused() {
    assertThatThrownBy(() -> new Admission(0, () -> false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
