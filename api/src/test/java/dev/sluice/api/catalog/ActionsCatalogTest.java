package dev.sluice.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committed catalog description: what the compiler and `sluice catalog` read. */
class ActionsCatalogTest {
  private final ActionsCatalog catalog = ActionsCatalog.get();

  @Test
  void holdsThePinnedPackagesDestinations() {
    assertThat(catalog.version()).isEqualTo("@segment/action-destinations@3.497.0");
    assertThat(catalog.destinations()).hasSize(214);
    assertThat(catalog.destinations().stream().mapToInt(d -> d.actions().size()).sum())
        .isEqualTo(601);
    CatalogDestination amplitude = catalog.destination("amplitude").orElseThrow();
    assertThat(amplitude.name()).isEqualTo("Actions Amplitude");
    assertThat(amplitude.settings().get("apiKey").required()).isTrue();
    assertThat(amplitude.actions()).containsKeys("logEventV2", "logPurchase", "identifyUser");
    assertThat(amplitude.presets())
        .anySatisfy(p -> assertThat(p.action()).isEqualTo("logPurchase"));
    assertThat(amplitude.unsupported()).isNull();
  }

  @Test
  void unsupportedDestinationsSayWhy() {
    assertThat(catalog.destination("facebook-custom-audiences").orElseThrow().unsupported())
        .contains("sync mode");
    assertThat(catalog.destination("attio").orElseThrow().unsupported()).contains("oauth-managed");
    assertThat(catalog.destination("snap-audiences").orElseThrow().unsupported())
        .contains("audience");
    assertThat(catalog.destination("ortto").orElseThrow().unsupported()).contains("setup hooks");
    assertThat(catalog.destination("hubspot").orElseThrow().authentication()).isEqualTo("oauth2");
  }

  /**
   * Default subscriptions that Segment's own parser misreads (== compares with "=", a comma is
   * dropped): Sluice refuses them with a message rather than run them wrongly.
   */
  private static final java.util.Set<String> BROKEN_UPSTREAM =
      java.util.Set.of(
          "iterable.updateCart", "iterable.trackPurchase", "qualtrics.upsertContactTransaction");

  /** Segment's own presets are the widest sample of the syntax there is: every one parses. */
  @Test
  void everyPresetSubscriptionParses() {
    List<String> problems = new ArrayList<>();
    int presets = 0;
    for (CatalogDestination d : catalog.destinations()) {
      for (CatalogDestination.Preset p : d.presets()) {
        presets++;
        SubscriptionSyntax.check(p.subscribe())
            .ifPresent(
                e -> problems.add(d.slug() + " " + p.name() + ": " + p.subscribe() + " -> " + e));
      }
      for (var a : d.actions().entrySet()) {
        if (a.getValue().defaultSubscription() != null
            && !BROKEN_UPSTREAM.contains(d.slug() + "." + a.getKey())) {
          SubscriptionSyntax.check(a.getValue().defaultSubscription())
              .ifPresent(e -> problems.add(d.slug() + "." + a.getKey() + ": " + e));
        }
      }
    }
    assertThat(presets).isGreaterThan(300);
    assertThat(problems).isEmpty();
  }
}
