package dev.sluice.workers.status;

import dev.sluice.workers.actions.ActionsConnector;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;

/**
 * The worker's {@code /status} document: {@code {"notices": [{"namespace", "destination",
 * "type"}]}}. Workers have no Kubernetes API access (decision 0071), so the operator reads this
 * from the ready worker pods and turns each notice into a condition (decision 0144).
 *
 * <p>Notices are read from the gauges that already say the same thing to Prometheus, so the two
 * cannot disagree: {@link #OAUTH_SECRET_STALE} while {@code
 * sluice_worker_actions_oauth_secret_stale} is 1.
 */
public final class WorkerStatus {
  /** The runtime refreshed the OAuth token; the Secret still holds the old one. */
  public static final String OAUTH_SECRET_STALE = "oauthSecretStale";

  private final MeterRegistry registry;

  public WorkerStatus(MeterRegistry registry) {
    this.registry = registry;
  }

  public JsonObject json() {
    JsonArray notices = new JsonArray();
    registry.find(ActionsConnector.SECRET_STALE_GAUGE).gauges().stream()
        .filter(g -> g.value() >= 1)
        .sorted(Comparator.comparing((Gauge g) -> String.valueOf(g.getId().getTag("destination"))))
        .forEach(
            g ->
                notices.add(
                    new JsonObject()
                        .put("namespace", g.getId().getTag("namespace"))
                        .put("destination", g.getId().getTag("destination"))
                        .put("type", OAUTH_SECRET_STALE)));
    return new JsonObject().put("notices", notices);
  }
}
