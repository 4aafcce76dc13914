package dev.sluice.cli.local;

import dev.sluice.api.config.DestinationSettings;
import dev.sluice.api.config.SourceConfig;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.cli.manifest.CompiledManifests;
import dev.sluice.cli.manifest.LocatedDiagnostic;
import java.io.PrintWriter;
import java.util.List;

/** What a person needs to start using the runner: where to send, with which key, to where. */
final class Summary {
  private Summary() {}

  static void print(
      PrintWriter out,
      String gatewayUrl,
      String managementUrl,
      String kafka,
      String manifests,
      CompiledManifests compiled) {
    out.println();
    out.println("  Gateway      " + gatewayUrl);
    out.println("  Console      " + managementUrl + "/");
    out.println("  Management   " + managementUrl + "/readyz  " + managementUrl + "/metrics");
    out.println("  Kafka        " + kafka);
    out.println("  Manifests    " + manifests + " (watched: edits apply within seconds)");
    out.println();
    printSources(out, compiled);
    printDestinations(out, compiled);
    printDiagnostics(out, compiled.diagnostics());
  }

  static void printSources(PrintWriter out, CompiledManifests compiled) {
    List<SourceConfig> sources = compiled.compilation().gateway().sources();
    out.println("Sources" + (sources.isEmpty() ? ": none" : ""));
    for (SourceConfig source : sources) {
      String id = source.namespace() + "/" + source.name();
      List<String> keys = compiled.writeKeys().getOrDefault(id, List.of());
      out.println(
          "  "
              + id
              + (source.enabled() ? "" : " (disabled)")
              + "  write key "
              + (keys.isEmpty() ? "(none)" : String.join(", ", keys))
              + "  topic "
              + source.topic());
    }
  }

  static void printDestinations(PrintWriter out, CompiledManifests compiled) {
    List<WorkerConfig> workers = compiled.compilation().workers();
    out.println("Destinations" + (workers.isEmpty() ? ": none" : ""));
    for (WorkerConfig worker : workers) {
      String id = worker.namespace() + "/" + worker.destination();
      out.println("  " + id + "  " + describe(worker.settings()));
      List<String> connections = compiled.destinations().getOrDefault(id, List.of());
      if (connections.isEmpty()) {
        out.println("    (no Connections: nothing is delivered)");
      }
      connections.forEach(c -> out.println("    <- " + c));
    }
  }

  static void printDiagnostics(PrintWriter out, List<LocatedDiagnostic> diagnostics) {
    if (diagnostics.isEmpty()) {
      return;
    }
    long errors = diagnostics.stream().filter(LocatedDiagnostic::isError).count();
    out.println(
        "Problems ("
            + errors
            + " errors, "
            + (diagnostics.size() - errors)
            + " warnings; resources with errors are not running)");
    diagnostics.forEach(d -> out.println("  " + d.format()));
  }

  static String describe(DestinationSettings settings) {
    if (settings instanceof DestinationSettings.Webhook webhook) {
      return "webhook " + webhook.url();
    }
    if (settings instanceof DestinationSettings.Kafka kafka) {
      return "kafka topic "
          + kafka.topic()
          + (kafka.bootstrapServers() == null ? "" : " on " + kafka.bootstrapServers());
    }
    if (settings instanceof DestinationSettings.Archive archive) {
      return "archive "
          + (archive.path() != null
              ? archive.path()
              : "s3://"
                  + archive.s3().bucket()
                  + "/"
                  + (archive.prefix() == null ? "" : archive.prefix()));
    }
    if (settings instanceof dev.sluice.api.config.ActionsSettings actions) {
      return "actions "
          + actions.destination()
          + " ("
          + actions.subscriptions().size()
          + " subscriptions, in the actions runtime)";
    }
    return String.valueOf(settings);
  }
}
