package dev.sluice.cli.local;

import dev.sluice.api.config.SourceConfig;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.cli.manifest.CompiledManifests;
import dev.sluice.cli.manifest.LocatedDiagnostic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** What a reload changed in what runs, in lines a person reads at a glance. */
final class ChangeReport {
  private ChangeReport() {}

  static List<String> between(CompiledManifests before, CompiledManifests after) {
    List<String> lines = new ArrayList<>();
    diff(
        lines,
        "Source",
        sources(before),
        sources(after),
        "now accepted at the gateway",
        "its write keys now get 401; its topic and messages are kept");
    diff(
        lines,
        "Destination",
        workers(before),
        workers(after),
        "pipeline started",
        "pipeline stopped");
    Set<String> old = new TreeSet<>();
    before.diagnostics().forEach(d -> old.add(d.format()));
    Set<String> now = new TreeSet<>();
    after.diagnostics().forEach(d -> now.add(d.format()));
    for (LocatedDiagnostic d : after.diagnostics()) {
      if (!old.contains(d.format())) {
        lines.add("! " + d.format());
      }
    }
    long fixed = old.stream().filter(d -> !now.contains(d)).count();
    if (fixed > 0) {
      lines.add("✓ " + fixed + " earlier problem" + (fixed == 1 ? "" : "s") + " gone");
    }
    return lines;
  }

  private static void diff(
      List<String> lines,
      String kind,
      Map<String, ?> before,
      Map<String, ?> after,
      String added,
      String removed) {
    for (var entry : after.entrySet()) {
      Object previous = before.get(entry.getKey());
      if (previous == null) {
        lines.add("+ " + kind + " " + entry.getKey() + ": " + added);
      } else if (!Objects.equals(previous, entry.getValue())) {
        lines.add("~ " + kind + " " + entry.getKey() + ": updated");
      }
    }
    for (String id : before.keySet()) {
      if (!after.containsKey(id)) {
        lines.add("- " + kind + " " + id + ": " + removed);
      }
    }
  }

  private static Map<String, SourceConfig> sources(CompiledManifests compiled) {
    Map<String, SourceConfig> map = new LinkedHashMap<>();
    compiled
        .compilation()
        .gateway()
        .sources()
        .forEach(s -> map.put(s.namespace() + "/" + s.name(), s));
    return map;
  }

  private static Map<String, WorkerConfig> workers(CompiledManifests compiled) {
    Map<String, WorkerConfig> map = new LinkedHashMap<>();
    compiled
        .compilation()
        .workers()
        .forEach(w -> map.put(w.namespace() + "/" + w.destination(), w));
    return map;
  }
}
