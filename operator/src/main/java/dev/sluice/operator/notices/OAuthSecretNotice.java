package dev.sluice.operator.notices;

import dev.sluice.api.v1alpha1.ActionsSpec;
import dev.sluice.api.v1alpha1.Destination;
import dev.sluice.api.v1alpha1.DestinationType;
import dev.sluice.operator.status.Readiness;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code OAuthSecretStale} condition of an actions Destination with OAuth: True once a worker
 * says the runtime refreshed the token (the worker uses the new one from memory; the Secret still
 * holds the old one, which a restart would start from). Names the Secret and key, never a value.
 */
public final class OAuthSecretNotice {
  public static final String CONDITION = "OAuthSecretStale";

  /** What the worker's {@code /status} calls it. */
  static final String NOTICE = "oauthSecretStale";

  private OAuthSecretNotice() {}

  /** Whether the Destination has a Secret that can go stale: type actions with oauth. */
  public static boolean applies(Destination destination) {
    return oauth(destination) != null;
  }

  /** The condition to set, or empty to leave it as it is (no worker answered). */
  public static Optional<Readiness> condition(
      Destination destination, Optional<Set<String>> notices) {
    ActionsSpec.OAuth oauth = oauth(destination);
    if (oauth == null || notices.isEmpty()) {
      return Optional.empty();
    }
    String where =
        "Secret "
            + oauth.accessTokenRef().name()
            + " key "
            + oauth.accessTokenRef().key()
            + " (spec.actions.oauth.accessTokenRef)";
    if (notices.get().contains(NOTICE)) {
      return Optional.of(
          Readiness.ready(
              "TokenRefreshed",
              "the actions runtime refreshed the OAuth access token; the worker uses the new one"
                  + " from memory, and "
                  + where
                  + " still holds the old one, which a restarted worker starts from: put a"
                  + " current token there"));
    }
    return Optional.of(
        Readiness.notReady("SecretCurrent", "the workers use the token from " + where));
  }

  private static ActionsSpec.OAuth oauth(Destination destination) {
    var spec = destination.getSpec();
    if (spec == null || spec.type() != DestinationType.ACTIONS || spec.actions() == null) {
      return null;
    }
    ActionsSpec.OAuth oauth = spec.actions().oauth();
    return oauth == null || oauth.accessTokenRef() == null ? null : oauth;
  }
}
