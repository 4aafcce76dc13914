package dev.sluice.cli.catalog;

import dev.sluice.api.catalog.ActionsCatalog;
import dev.sluice.api.catalog.CatalogAction;
import dev.sluice.api.catalog.CatalogDestination;
import dev.sluice.api.catalog.CatalogField;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Lists the catalog, or one destination's settings, actions, fields and presets. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = {
      "List Segment's action destinations that a Destination of type actions can run.",
      "With a slug, show that destination's settings, actions with their fields, and presets.",
      "Exit code 1 when the slug is not in the catalog."
    })
public final class CatalogCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SLUG",
      description = "A destination's slug, e.g. amplitude.")
  String slug;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ActionsCatalog catalog = ActionsCatalog.get();
    if (slug == null) {
      list(out, catalog);
      out.flush();
      return 0;
    }
    Optional<CatalogDestination> destination = catalog.destination(slug);
    if (destination.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "no destination \""
                  + slug
                  + "\" in "
                  + catalog.version()
                  + "; `sluice catalog` lists them");
      return 1;
    }
    show(out, destination.get());
    out.flush();
    return 0;
  }

  private static void list(PrintWriter out, ActionsCatalog catalog) {
    int runnable = 0;
    out.printf("%-40s %-45s %7s %7s  %s%n", "SLUG", "NAME", "ACTIONS", "PRESETS", "NOTE");
    for (CatalogDestination d : catalog.destinations()) {
      if (d.unsupported() == null) {
        runnable++;
      }
      out.printf(
          "%-40s %-45s %7d %7d  %s%n",
          d.slug(),
          d.name(),
          d.actions().size(),
          d.presets().size(),
          d.unsupported() != null
              ? "unsupported: " + d.unsupported()
              : d.oauth() ? "OAuth: tokens from a Secret" : "");
    }
    out.println(
        catalog.destinations().size()
            + " destinations from "
            + catalog.version()
            + ", "
            + runnable
            + " runnable; `sluice catalog SLUG` shows one.");
  }

  private static void show(PrintWriter out, CatalogDestination d) {
    out.println(d.name() + " (" + d.slug() + ")");
    if (d.description() != null) {
      out.println("  " + d.description());
    }
    out.println("  authentication: " + d.authentication());
    if (d.unsupported() != null) {
      out.println("  UNSUPPORTED: " + d.unsupported());
    }
    out.println("settings:");
    fields(out, d.settings(), "  ");
    out.println("actions:");
    for (Map.Entry<String, CatalogAction> a : d.actions().entrySet()) {
      CatalogAction action = a.getValue();
      out.println(
          "  "
              + a.getKey()
              + " - "
              + action.title()
              + (action.batch() ? " [batch]" : "")
              + (action.unsupported() != null ? " UNSUPPORTED: " + action.unsupported() : ""));
      if (action.defaultSubscription() != null) {
        out.println("      default subscription: " + action.defaultSubscription());
      }
      fields(out, action.fields(), "      ");
    }
    out.println("presets" + (d.presets().isEmpty() ? ": none" : " (presets: true):"));
    for (CatalogDestination.Preset p : d.presets()) {
      out.println("  " + p.name() + ": " + p.subscribe() + " -> " + p.action());
    }
  }

  private static void fields(PrintWriter out, Map<String, CatalogField> fields, String indent) {
    if (fields.isEmpty()) {
      out.println(indent + "(none)");
    }
    fields.forEach(
        (name, f) ->
            out.println(
                indent
                    + name
                    + " ("
                    + f.type()
                    + (f.multiple() ? " list" : "")
                    + (f.required()
                        ? ", required"
                        : f.requiredIf() != null ? ", required " + f.requiredIf().describe() : "")
                    + ")"
                    + (f.choices() != null && !f.choices().isEmpty()
                        ? " one of "
                            + String.join(", ", f.choices().stream().map(c -> c.asText()).toList())
                        : "")
                    + (f.defaultValue() != null ? " default " + f.defaultValue() : "")));
  }
}
