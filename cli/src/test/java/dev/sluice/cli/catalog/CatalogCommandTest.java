package dev.sluice.cli.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cli.CommandRun;
import org.junit.jupiter.api.Test;

/** `sluice catalog` lists what type actions can run; `sluice validate` checks it without Node. */
class CatalogCommandTest {

  @Test
  void listsEveryDestinationAndWhatCannotRun() {
    CommandRun run = CommandRun.of("catalog");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("amplitude")
        .contains("Actions Amplitude")
        .contains("unsupported: uses Segment's own OAuth application")
        .contains("OAuth: tokens from a Secret")
        .contains("214 destinations from @segment/action-destinations@3.497.0, 176 runnable");
  }

  @Test
  void showsOneDestinationsSettingsActionsFieldsAndPresets() {
    CommandRun run = CommandRun.of("catalog", "amplitude");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Actions Amplitude (amplitude)")
        .contains("apiKey (password, required)")
        .contains("endpoint (string) one of north_america, europe")
        .contains("logPurchase - Log Purchase")
        .contains(
            "Order Completed Calls: type = \"track\" and event = \"Order Completed\" -> logPurchase");
  }

  @Test
  void anUnknownSlugExitsOne() {
    CommandRun run = CommandRun.of("catalog", "amplitud");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("no destination \"amplitud\"");
  }

  @Test
  void validateReportsBadSettingsAndMappingsOfAnActionsDestination() {
    String dir = "src/test/resources/manifests/actions-broken";
    CommandRun run = CommandRun.of("validate", dir);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains("spec.actions.settings.endpoint: must be one of north_america, europe")
        .contains("spec.actions.settings.secretKey: amplitude requires the setting secretKey")
        .contains("spec.actions.subscriptions[0].subscribe: expected a field")
        .contains(
            "spec.actions.subscriptions[0].mapping.eventType: eventType is not a field of"
                + " logEventV2")
        .contains("spec.actions.subscriptions[1].action: no action \"identify\" in amplitude")
        .contains("dotdigital.yaml")
        .contains(
            "spec.actions.subscriptions[0].mapping.mobileNumberIdentifier: addContactToList"
                + " requires the field mobileNumberIdentifier to be mapped when channelIdentifier"
                + " is \"mobileNumber\"");
  }

  @Test
  void showsWhenAFieldIsRequiredOnlyUnderConditions() {
    CommandRun run = CommandRun.of("catalog", "sftp");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("sftp_ssh_key (password, required when auth_type is \"ssh_key\")");
  }
}
