package dev.sluice.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.Source;
import dev.sluice.api.v1alpha1.SourceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StatusUpdateTest {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-29T10:00:00Z"));
  private final StatusUpdate update =
      new StatusUpdate(
          new Clock() {
            @Override
            public java.time.ZoneId getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }

            @Override
            public Instant instant() {
              return now.get();
            }
          });

  @Test
  void theSameReadinessAgainChangesNothing() {
    Source source = source(3);
    SourceStatus status = new SourceStatus();
    assertThat(update.apply(source, status, Readiness.ready("Reconciled", ""))).isTrue();

    now.set(now.get().plusSeconds(60));
    assertThat(update.apply(source, status, Readiness.ready("Reconciled", ""))).isFalse();
    assertThat(status.getObservedGeneration()).isEqualTo(3);
    assertThat(ready(status).getLastTransitionTime()).isEqualTo("2026-11-29T10:00:00Z");
  }

  @Test
  void aNewMessageKeepsTheTransitionTimeAndANewStatusMovesIt() {
    Source source = source(1);
    SourceStatus status = new SourceStatus();
    update.apply(source, status, Readiness.notReady("SecretNotFound", "Secret a not found"));

    now.set(now.get().plusSeconds(60));
    assertThat(
            update.apply(
                source, status, Readiness.notReady("SecretNotFound", "Secret b not found")))
        .isTrue();
    assertThat(ready(status).getLastTransitionTime()).isEqualTo("2026-11-29T10:00:00Z");

    assertThat(update.apply(source, status, Readiness.ready("Reconciled", ""))).isTrue();
    assertThat(ready(status).getLastTransitionTime()).isEqualTo("2026-11-29T10:01:00Z");
    assertThat(ready(status).getStatus()).isEqualTo("True");
  }

  @Test
  void aNewGenerationIsAChangeEvenWithTheSameCondition() {
    SourceStatus status = new SourceStatus();
    update.apply(source(1), status, Readiness.ready("Reconciled", ""));
    assertThat(update.apply(source(2), status, Readiness.ready("Reconciled", ""))).isTrue();
    assertThat(status.getObservedGeneration()).isEqualTo(2);
    assertThat(ready(status).getObservedGeneration()).isEqualTo(2);
  }

  @Test
  void readyStaysFirstBesideOtherConditions() {
    Source source = source(1);
    SourceStatus status = new SourceStatus();
    update.apply(source, status, StatusUpdate.PAUSED, Readiness.ready("PausedByAnnotation", ""));
    update.apply(source, status, Readiness.ready("Reconciled", ""));
    assertThat(status.getConditions())
        .extracting(Condition::getType)
        .containsExactly("Ready", "Paused");
    assertThat(update.remove(status, StatusUpdate.PAUSED)).isTrue();
    assertThat(update.remove(status, StatusUpdate.PAUSED)).isFalse();
  }

  private static Condition ready(SourceStatus status) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .findFirst()
        .orElseThrow();
  }

  private static Source source(long generation) {
    Source source = new Source();
    source.setMetadata(new ObjectMetaBuilder().withName("s").withGeneration(generation).build());
    return source;
  }
}
