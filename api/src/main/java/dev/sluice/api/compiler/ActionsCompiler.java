package dev.sluice.api.compiler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.api.catalog.ActionsCatalog;
import dev.sluice.api.catalog.CatalogAction;
import dev.sluice.api.catalog.CatalogDestination;
import dev.sluice.api.catalog.CatalogField;
import dev.sluice.api.catalog.SubscriptionSyntax;
import dev.sluice.api.config.ActionsSettings;
import dev.sluice.api.v1alpha1.ActionsSpec;
import dev.sluice.api.v1alpha1.DestinationSpec;
import dev.sluice.api.v1alpha1.SecretKeyRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An actions block checked against the catalog without Node: the destination exists and can run
 * here, settings match its schema, each subscription parses and names an action that exists, each
 * mapped field exists and every required one is mapped (by the user or by the field's default),
 * including fields required only when other fields have some value ({@link ConditionalFields}).
 */
final class ActionsCompiler {
  private static final String BLOCK = "spec.actions";

  private final SecretValues secrets;
  private final ActionsCatalog catalog;

  ActionsCompiler(SecretValues secrets, ActionsCatalog catalog) {
    this.secrets = secrets;
    this.catalog = catalog;
  }

  ActionsSettings compile(ActionsSpec spec, Findings findings) {
    CatalogDestination destination = catalog.destination(spec.destination()).orElse(null);
    if (destination == null) {
      findings.error(
          BLOCK + ".destination",
          "no destination \""
              + spec.destination()
              + "\" in the catalog ("
              + catalog.version()
              + "); `sluice catalog` lists them");
      return null;
    }
    if (destination.unsupported() != null) {
      findings.error(
          BLOCK + ".destination",
          destination.slug() + " cannot run in Sluice: " + destination.unsupported());
      return null;
    }
    Map<String, JsonNode> settings = settings(destination, spec.settings(), findings);
    ActionsSettings.OAuth oauth = oauth(destination, spec.oauth(), findings);
    List<ActionsSettings.Subscription> subscriptions = subscriptions(destination, spec, findings);
    DestinationSpec.Batch batch = spec.batch();
    int maxEvents =
        Values.between(
            batch == null ? null : batch.maxEvents(),
            Defaults.ACTIONS_BATCH_MAX_EVENTS,
            1,
            10000,
            BLOCK + ".batch.maxEvents",
            findings);
    int maxBytes =
        Values.between(
            batch == null ? null : batch.maxBytes(),
            Defaults.ACTIONS_BATCH_MAX_BYTES,
            1024,
            104857600,
            BLOCK + ".batch.maxBytes",
            findings);
    Duration maxWait =
        Values.duration(
            batch == null ? null : batch.maxWait(),
            Defaults.ACTIONS_BATCH_MAX_WAIT,
            true,
            BLOCK + ".batch.maxWait",
            findings);
    Duration timeout =
        Values.duration(
            spec.timeout(), Defaults.ACTIONS_TIMEOUT, false, BLOCK + ".timeout", findings);
    if (findings.hasErrors()) {
      return null;
    }
    return new ActionsSettings(
        destination.slug(), settings, subscriptions, oauth, maxEvents, maxBytes, maxWait, timeout);
  }

  private Map<String, JsonNode> settings(
      CatalogDestination destination, Map<String, JsonNode> given, Findings findings) {
    Map<String, JsonNode> out = new TreeMap<>();
    Map<String, JsonNode> values = given == null ? Map.of() : given;
    values.forEach(
        (name, value) -> {
          String field = BLOCK + ".settings." + name;
          CatalogField schema = destination.settings().get(name);
          if (schema == null) {
            findings.error(
                field,
                name
                    + " is not a setting of "
                    + destination.slug()
                    + "; it has: "
                    + String.join(", ", destination.settings().keySet()));
            return;
          }
          JsonNode resolved = resolve(value, schema, field, findings);
          if (resolved == null) {
            return;
          }
          String problem = FieldValues.check(schema, resolved);
          if (problem != null) {
            // A value from a Secret is described, never repeated.
            findings.error(field, problem);
          } else {
            out.put(name, resolved);
          }
        });
    destination
        .settings()
        .forEach(
            (name, schema) -> {
              if (schema.required() && !values.containsKey(name)) {
                findings.error(
                    BLOCK + ".settings." + name,
                    destination.slug()
                        + " requires the setting "
                        + name
                        + (schema.label() == null ? "" : " (" + schema.label() + ")"));
              }
            });
    for (ConditionalFields.Missing m : ConditionalFields.check(destination.settings(), out)) {
      findings.error(
          BLOCK + ".settings." + m.field(),
          destination.slug() + " requires the setting " + m.field() + " " + m.rule().describe());
    }
    return out;
  }

  /** A plain value, or the value of {@code {valueFrom: {secretKeyRef: ...}}} typed per schema. */
  private JsonNode resolve(JsonNode value, CatalogField schema, String field, Findings findings) {
    if (value == null || !value.isObject() || !value.has("valueFrom")) {
      return value;
    }
    JsonNode ref = value.path("valueFrom").path("secretKeyRef");
    if (value.size() != 1 || !ref.isObject()) {
      findings.error(field, "a setting from a Secret is {valueFrom: {secretKeyRef: {name, key}}}");
      return null;
    }
    String text =
        secrets.resolve(
            new SecretKeyRef(ref.path("name").asText(null), ref.path("key").asText(null)),
            field + ".valueFrom.secretKeyRef",
            findings);
    return text == null ? null : FieldValues.fromText(schema, text);
  }

  private ActionsSettings.OAuth oauth(
      CatalogDestination destination, ActionsSpec.OAuth oauth, Findings findings) {
    if (oauth == null) {
      if (destination.oauth()) {
        findings.error(
            BLOCK + ".oauth",
            destination.slug()
                + " authenticates with OAuth: set oauth.accessTokenRef (and refreshTokenRef,"
                + " clientIdRef, clientSecretRef so that expired tokens are refreshed)");
      }
      return null;
    }
    if (!destination.oauth()) {
      findings.warning(
          BLOCK + ".oauth", destination.slug() + " does not use OAuth; oauth is ignored");
    }
    String access =
        secrets.resolve(oauth.accessTokenRef(), BLOCK + ".oauth.accessTokenRef", findings);
    String refresh = optional(oauth.refreshTokenRef(), "refreshTokenRef", findings);
    String clientId = optional(oauth.clientIdRef(), "clientIdRef", findings);
    String clientSecret = optional(oauth.clientSecretRef(), "clientSecretRef", findings);
    if (access == null) {
      return null;
    }
    return new ActionsSettings.OAuth(
        access,
        refresh,
        clientId,
        clientSecret,
        Values.blank(oauth.refreshTokenUrl()) ? null : oauth.refreshTokenUrl());
  }

  private String optional(SecretKeyRef ref, String name, Findings findings) {
    return ref == null ? null : secrets.resolve(ref, BLOCK + ".oauth." + name, findings);
  }

  private List<ActionsSettings.Subscription> subscriptions(
      CatalogDestination destination, ActionsSpec spec, Findings findings) {
    List<ActionsSettings.Subscription> out = new ArrayList<>();
    if (Boolean.TRUE.equals(spec.presets())) {
      if (destination.presets().isEmpty()) {
        findings.error(
            BLOCK + ".presets", destination.slug() + " has no presets: list subscriptions instead");
      }
      for (CatalogDestination.Preset p : destination.presets()) {
        CatalogAction action = destination.actions().get(p.action());
        if (action == null || action.unsupported() != null) {
          continue; // a preset of an action Sluice cannot run is left out, not an error
        }
        out.add(
            new ActionsSettings.Subscription(
                p.name(), p.subscribe(), p.action(), withDefaults(action, p.mapping())));
      }
    }
    List<ActionsSpec.Subscription> listed =
        spec.subscriptions() == null ? List.of() : spec.subscriptions();
    if (listed.isEmpty() && !Boolean.TRUE.equals(spec.presets())) {
      findings.error(BLOCK, "set presets: true or list subscriptions");
    }
    for (int i = 0; i < listed.size(); i++) {
      ActionsSettings.Subscription s =
          subscription(destination, listed.get(i), BLOCK + ".subscriptions[" + i + "]", findings);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  private ActionsSettings.Subscription subscription(
      CatalogDestination destination, ActionsSpec.Subscription s, String at, Findings findings) {
    SubscriptionSyntax.check(s.subscribe())
        .ifPresent(problem -> findings.error(at + ".subscribe", problem));
    CatalogAction action = destination.actions().get(s.action());
    if (action == null) {
      findings.error(
          at + ".action",
          "no action \""
              + s.action()
              + "\" in "
              + destination.slug()
              + "; it has: "
              + String.join(", ", destination.actions().keySet()));
      return null;
    }
    if (action.unsupported() != null) {
      findings.error(at + ".action", s.action() + " cannot run in Sluice: " + action.unsupported());
      return null;
    }
    Map<String, JsonNode> mapping = s.mapping() == null ? Map.of() : s.mapping();
    mapping.forEach(
        (name, value) -> {
          if (!action.fields().containsKey(name)) {
            findings.error(
                at + ".mapping." + name,
                name
                    + " is not a field of "
                    + s.action()
                    + "; it has: "
                    + String.join(", ", action.fields().keySet()));
          }
        });
    Map<String, JsonNode> complete = withDefaults(action, mapping);
    action
        .fields()
        .forEach(
            (name, field) -> {
              if (field.required() && isMissing(complete.get(name))) {
                findings.error(
                    at + ".mapping." + name,
                    s.action() + " requires the field " + name + " to be mapped");
              }
            });
    for (ConditionalFields.Missing m : ConditionalFields.check(action.fields(), complete)) {
      findings.error(
          at + ".mapping." + m.field(),
          s.action() + " requires the field " + m.field() + " to be mapped " + m.rule().describe());
    }
    return new ActionsSettings.Subscription(s.name(), s.subscribe(), s.action(), complete);
  }

  /** The action's default field mappings, overridden by the given ones (as Segment's UI does). */
  private static Map<String, JsonNode> withDefaults(
      CatalogAction action, Map<String, JsonNode> mapping) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    action
        .fields()
        .forEach(
            (name, field) -> {
              if (field.defaultValue() != null && !field.defaultValue().isNull()) {
                out.put(name, field.defaultValue());
              }
            });
    mapping.forEach((k, v) -> out.put(k, v == null ? JsonNodeFactory.instance.nullNode() : v));
    out.values().removeIf(ActionsCompiler::isMissing);
    return out;
  }

  private static boolean isMissing(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode();
  }
}
