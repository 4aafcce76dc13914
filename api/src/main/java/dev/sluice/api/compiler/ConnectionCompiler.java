package dev.sluice.api.compiler;

import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.FilterConfig;
import dev.sluice.api.config.TransformConfig;
import dev.sluice.api.routing.ConnectionRouter;
import dev.sluice.api.routing.RouteProblem;
import dev.sluice.api.v1alpha1.Connection;
import dev.sluice.api.v1alpha1.ConnectionSpec;
import dev.sluice.api.v1alpha1.LocalObjectRef;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** One Connection to its part of a worker's configuration. */
final class ConnectionCompiler {

  /**
   * @param destinationKey {@code namespace/name} of the Destination it feeds
   */
  record Compiled(
      Connection resource, Findings findings, String destinationKey, ConnectionConfig config) {}

  /**
   * What the Connection can refer to: every resource by {@code namespace/name}, and which compiled.
   */
  record Targets(Map<String, Boolean> sources, Map<String, Boolean> destinations) {}

  private static final Pattern RFC3339 =
      Pattern.compile(
          "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})");

  private static final Pattern CEL_POSITION = Pattern.compile("[0-9]+:[0-9]+: ");

  private final Targets targets;

  ConnectionCompiler(Targets targets) {
    this.targets = targets;
  }

  Compiled compile(Connection connection) {
    Findings findings = Findings.of(connection);
    ConnectionSpec spec = connection.getSpec();
    if (spec == null) {
      findings.error("spec", "spec is required, with sourceRef and destinationRef");
      return new Compiled(connection, findings, null, null);
    }
    String source = ref(spec.sourceRef(), "spec.sourceRef", "Source", targets.sources(), findings);
    String destination =
        ref(
            spec.destinationRef(),
            "spec.destinationRef",
            "Destination",
            targets.destinations(),
            findings);
    String start = spec.start() == null ? Defaults.START : spec.start();
    if (!start.equals("earliest") && !start.equals("latest")) {
      try {
        // The CRD's shape (seconds required, 'T' and 'Z' upper case), then real ranges.
        if (!RFC3339.matcher(start).matches()) {
          throw new DateTimeParseException("not RFC 3339", start, 0);
        }
        OffsetDateTime.parse(start);
      } catch (DateTimeParseException e) {
        findings.error(
            "spec.start",
            "\""
                + start
                + "\" is not earliest, latest or an RFC 3339 time such as"
                + " 2026-01-31T09:00:00Z");
      }
    }
    FilterConfig filter = RoutingConfigs.filter(spec.filter());
    List<TransformConfig> transforms = RoutingConfigs.transforms(spec.transform());
    // The same checks the worker's router makes when it builds the route, so it never fails there.
    for (RouteProblem problem : ConnectionRouter.check(filter, transforms)) {
      String field =
          problem.field().startsWith("spec.") ? problem.field() : "spec." + problem.field();
      // CEL problems start with "line:column:"; say what they are about.
      String message =
          CEL_POSITION.matcher(problem.message()).lookingAt()
              ? "CEL expression does not compile at " + problem.message()
              : problem.message();
      findings.error(field, message);
    }
    if (findings.hasErrors()) {
      return new Compiled(connection, findings, null, null);
    }
    String namespace = findings.namespace();
    ConnectionConfig config =
        new ConnectionConfig(
            findings.name(),
            source,
            Names.sourceTopic(namespace, source),
            Values.orDefault(spec.enabled(), Defaults.CONNECTION_ENABLED),
            filter,
            transforms,
            start);
    return new Compiled(connection, findings, namespace + "/" + destination, config);
  }

  /** The name a ref points to when it is a compiled resource of this namespace; else null. */
  private static String ref(
      LocalObjectRef ref,
      String field,
      String kind,
      Map<String, Boolean> known,
      Findings findings) {
    String label = field.substring("spec.".length());
    if (ref == null || Values.blank(ref.name())) {
      findings.error(field + ".name", label + ".name is required");
      return null;
    }
    String name = ref.name();
    Boolean valid = known.get(findings.namespace() + "/" + name);
    if (valid == null) {
      Set<String> elsewhere = new TreeSet<>();
      known.keySet().stream()
          .filter(key -> key.endsWith("/" + name))
          .forEach(key -> elsewhere.add(key.substring(0, key.length() - name.length() - 1)));
      String message = label + " " + name + " not found in namespace " + findings.namespace();
      if (!elsewhere.isEmpty()) {
        message +=
            "; a "
                + kind
                + " of that name exists in namespace "
                + String.join(", ", elsewhere)
                + ", but a Connection connects only resources of its own namespace";
      }
      findings.error(field + ".name", message);
      return null;
    }
    if (!valid) {
      findings.error(
          field + ".name",
          kind + " " + name + " has errors, so this Connection is left out until it is fixed");
      return null;
    }
    return name;
  }
}
