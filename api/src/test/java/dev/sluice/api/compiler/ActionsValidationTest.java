package dev.sluice.api.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.config.ActionsSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Destination of type actions is checked against the catalog without Node: the slug, the settings
 * schema, the actions, the mapped and required fields, the subscription syntax, Secrets.
 */
class ActionsValidationTest {

  private static final String SECRET =
      """
      apiVersion: v1
      kind: Secret
      metadata: {name: amp, namespace: shop}
      stringData: {apiKey: amp-api-key, secretKey: amp-secret-key, token: hub-token}
      ---
      """;

  static Compilation compile(String actions) {
    String yaml =
        SECRET
            + """
            apiVersion: sluice.dev/v1alpha1
            kind: Destination
            metadata: {name: amp, namespace: shop}
            spec:
              type: actions
              actions:
            """
            + actions.indent(4);
    return new Compiler().compile(Fixtures.shopWith(yaml));
  }

  static ActionsSettings settings(Compilation c) {
    return (ActionsSettings)
        c.workers().stream()
            .filter(w -> w.destination().equals("amp"))
            .findFirst()
            .orElseThrow()
            .settings();
  }

  static List<String> errors(Compilation c) {
    return c.diagnostics().stream()
        .filter(d -> d.isError())
        .map(d -> d.field() + ": " + d.message())
        .toList();
  }

  @Test
  void presetsWithSettingsFromASecret() {
    Compilation c =
        compile(
            """
            destination: amplitude
            settings:
              apiKey: {valueFrom: {secretKeyRef: {name: amp, key: apiKey}}}
              secretKey: {valueFrom: {secretKeyRef: {name: amp, key: secretKey}}}
              endpoint: europe
            presets: true
            """);
    assertThat(errors(c)).isEmpty();
    ActionsSettings s = settings(c);
    assertThat(s.destination()).isEqualTo("amplitude");
    assertThat(s.settings().get("apiKey").asText()).isEqualTo("amp-api-key");
    assertThat(s.subscriptions())
        .anySatisfy(
            p -> {
              assertThat(p.action()).isEqualTo("logPurchase");
              assertThat(p.mapping()).containsKey("products");
            });
    assertThat(s.toString()).doesNotContain("amp-api-key");
    assertThat(c.workers().stream().filter(w -> w.destination().equals("amp")).findFirst())
        .hasValueSatisfying(w -> assertThat(w.integrationName()).isEqualTo("Actions Amplitude"));
  }

  @Test
  void aListedSubscriptionGetsTheFieldDefaultsUnderItsMapping() {
    Compilation c =
        compile(
            """
            destination: amplitude
            settings: {apiKey: k, secretKey: s}
            subscriptions:
              - name: Signups
                subscribe: type = "track" and event = "Signed Up"
                action: logEventV2
                mapping: {event_type: {"@template": "signup: {{event}}"}}
            """);
    assertThat(errors(c)).isEmpty();
    ActionsSettings.Subscription s = settings(c).subscriptions().get(0);
    assertThat(s.mapping().get("event_type").toString()).contains("signup: {{event}}");
    assertThat(s.mapping().get("user_id").toString()).contains("$.userId");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown destination | destination: amplitud\\npresets: true | spec.actions.destination: no destination "amplitud" in the catalog
          unsupported destination | destination: facebook-custom-audiences\\npresets: true | spec.actions.destination: facebook-custom-audiences cannot run in Sluice
          required setting missing | destination: amplitude\\nsettings: {apiKey: k}\\npresets: true | spec.actions.settings.secretKey: amplitude requires the setting secretKey
          unknown setting | destination: amplitude\\nsettings: {apiKey: k, secretKey: s, apikey2: x}\\npresets: true | spec.actions.settings.apikey2: apikey2 is not a setting of amplitude; it has: apiKey, secretKey, endpoint
          setting of the wrong type | destination: amplitude\\nsettings: {apiKey: 12, secretKey: s}\\npresets: true | spec.actions.settings.apiKey: must be a string
          setting not in its enum | destination: amplitude\\nsettings: {apiKey: k, secretKey: s, endpoint: mars}\\npresets: true | spec.actions.settings.endpoint: must be one of north_america, europe
          setting from a missing Secret | destination: amplitude\\nsettings: {apiKey: {valueFrom: {secretKeyRef: {name: nope, key: k}}}, secretKey: s}\\npresets: true | spec.actions.settings.apiKey.valueFrom.secretKeyRef: Secret nope not found in namespace shop
          setting from a missing Secret key | destination: amplitude\\nsettings: {apiKey: {valueFrom: {secretKeyRef: {name: amp, key: nokey}}}, secretKey: s}\\npresets: true | spec.actions.settings.apiKey.valueFrom.secretKeyRef: Secret amp in namespace shop has no key nokey
          unknown action | destination: amplitude\\nsettings: {apiKey: k, secretKey: s}\\nsubscriptions: [{subscribe: 'type = "track"', action: logEvent3}] | spec.actions.subscriptions[0].action: no action "logEvent3" in amplitude; it has:
          unknown field | destination: amplitude\\nsettings: {apiKey: k, secretKey: s}\\nsubscriptions: [{subscribe: 'type = "track"', action: logEventV2, mapping: {eventType: x}}] | spec.actions.subscriptions[0].mapping.eventType: eventType is not a field of logEventV2
          required field unmapped | destination: amplitude\\nsettings: {apiKey: k, secretKey: s}\\nsubscriptions: [{subscribe: 'type = "track"', action: logEventV2, mapping: {event_type: null}}] | spec.actions.subscriptions[0].mapping.event_type: logEventV2 requires the field event_type to be mapped
          required field without default | destination: webhook\\nsubscriptions: [{subscribe: 'type = "track"', action: send, mapping: {method: POST}}] | spec.actions.subscriptions[0].mapping.url: send requires the field url to be mapped
          subscription that does not parse | destination: amplitude\\nsettings: {apiKey: k, secretKey: s}\\nsubscriptions: [{subscribe: 'type = "track" and', action: logEventV2}] | spec.actions.subscriptions[0].subscribe: expected a field
          subscription with == | destination: amplitude\\nsettings: {apiKey: k, secretKey: s}\\nsubscriptions: [{subscribe: 'event == "x"', action: logEventV2}] | spec.actions.subscriptions[0].subscribe: use = rather than ==
          neither presets nor subscriptions | destination: amplitude\\nsettings: {apiKey: k, secretKey: s} | spec.actions: set presets: true or list subscriptions
          presets where there are none | destination: webhook\\npresets: true | spec.actions.presets: webhook has no presets
          oauth destination without tokens | destination: hubspot\\npresets: true | spec.actions.oauth: hubspot authenticates with OAuth
          action that needs a sync mode | destination: google-enhanced-conversions\\nsettings: {customerId: '1'}\\nsubscriptions: [{subscribe: 'type = "track"', action: userList}] | spec.actions.subscriptions[0].action: userList cannot run in Sluice
          bad timeout | destination: amplitude\\nsettings: {apiKey: k, secretKey: s}\\npresets: true\\ntimeout: soon | spec.actions.timeout: "soon" is not an ISO-8601 duration
          field required by another's value | destination: dotdigital\\nsettings: {api_host: "https://r1-api.dotdigital.com", username: u, password: p}\\nsubscriptions: [{subscribe: 'type = "track"', action: addContactToList, mapping: {channelIdentifier: mobileNumber, mobileNumberIdentifier: null}}] | spec.actions.subscriptions[0].mapping.mobileNumberIdentifier: addContactToList requires the field mobileNumberIdentifier to be mapped when channelIdentifier is "mobileNumber"
          field required by any of several values | destination: tiktok-app-events\\nsettings: {accessToken: t, appID: a}\\nsubscriptions: [{subscribe: 'type = "track"', action: reportAppEvent, mapping: {event: Purchase}}] | spec.actions.subscriptions[0].mapping.contents: reportAppEvent requires the field contents to be mapped when event is "AddToCart" or event is "AddToWishlist" or
          setting required by another setting | destination: sftp\\nsettings: {auth_type: ssh_key, sftp_host: h, sftp_username: u}\\npresets: true | spec.actions.settings.sftp_ssh_key: sftp requires the setting sftp_ssh_key when auth_type is "ssh_key"
          """)
  void refuses(String what, String actions, String error) {
    assertThat(errors(compile(actions.replace("\\n", "\n"))))
        .as(what)
        .anySatisfy(e -> assertThat(e).startsWith(error));
  }

  @Test
  void aConditionOnAFieldMappedFromTheEventIsLeftToTheRuntime() {
    // Whether contents is required depends on each event's name: nothing to say before it runs.
    Compilation c =
        compile(
            """
            destination: tiktok-app-events
            settings: {accessToken: t, appID: a}
            subscriptions:
              - subscribe: type = "track"
                action: reportAppEvent
                mapping: {event: {"@path": "$.event"}}
            """);
    assertThat(errors(c)).isEmpty();
  }

  @Test
  void aConditionallyRequiredFieldThatIsMappedIsFine() {
    Compilation c =
        compile(
            """
            destination: dotdigital
            settings: {api_host: "https://r1-api.dotdigital.com", username: u, password: p}
            subscriptions:
              - subscribe: type = "identify"
                action: addContactToList
                mapping: {channelIdentifier: mobileNumber}
            """);
    // mobileNumberIdentifier keeps its default mapping (traits.phone, else properties.phone).
    assertThat(errors(c)).isEmpty();
  }

  @Test
  void aSettingFromASecretIsNeverRepeatedInADiagnostic() {
    Compilation c =
        compile(
            """
            destination: amplitude
            settings:
              apiKey: k
              secretKey: s
              endpoint: {valueFrom: {secretKeyRef: {name: amp, key: apiKey}}}
            presets: true
            """);
    assertThat(errors(c)).anySatisfy(e -> assertThat(e).contains("must be one of"));
    assertThat(c.diagnostics().toString()).doesNotContain("amp-api-key");
  }
}
