package dev.sluice.operator.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Records core/v1 Events on a resource. Callers record transitions only (a new reason, a created
 * topic), so a steady state writes none. A failure to record is logged and otherwise ignored: an
 * Event is worth less than the reconcile that wanted it.
 */
public final class Events {
  private static final Logger LOG = Logger.getLogger(Events.class);
  private static final String COMPONENT = "sluice-operator";
  private static final int MAX_MESSAGE = 1024;

  private final Clock clock;

  public Events(Clock clock) {
    this.clock = clock;
  }

  public void normal(KubernetesClient client, HasMetadata about, String reason, String message) {
    record(client, about, "Normal", reason, message);
  }

  public void warning(KubernetesClient client, HasMetadata about, String reason, String message) {
    record(client, about, "Warning", reason, message);
  }

  private void record(
      KubernetesClient client, HasMetadata about, String type, String reason, String message) {
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    try {
      client
          .v1()
          .events()
          .inNamespace(about.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(
                      about.getMetadata().getName()
                          + "."
                          + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
                  .withNamespace(about.getMetadata().getNamespace())
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(about.getApiVersion())
                          .withKind(about.getKind())
                          .withName(about.getMetadata().getName())
                          .withNamespace(about.getMetadata().getNamespace())
                          .withUid(about.getMetadata().getUid())
                          .build())
                  .withType(type)
                  .withReason(reason)
                  .withMessage(text)
                  .withCount(1)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.warnf(
          "could not record event %s on %s %s/%s: %s",
          reason,
          about.getKind(),
          about.getMetadata().getNamespace(),
          about.getMetadata().getName(),
          e.getMessage());
    }
  }
}
