package dev.sluice.cli.validate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.compiler.Diagnostic;
import dev.sluice.cli.Json;
import dev.sluice.cli.manifest.CompiledManifests;
import dev.sluice.cli.manifest.LocatedDiagnostic;
import dev.sluice.cli.manifest.ManifestCompiler;
import dev.sluice.cli.manifest.ManifestFolder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Compiles a folder of manifests and reports every problem: what a GitOps repository runs in CI.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a folder of manifests with the same compiler the operator runs.",
      "Prints every problem with its file, resource and field.",
      "Exit code 0 when there are no errors (warnings allowed), 1 when there are."
    })
public final class ValidateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Folder of manifests (recursive).")
  Path dir;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  Output output;

  public enum Output {
    text,
    json
  }

  @Override
  public Integer call() throws Exception {
    Map<String, String> files;
    try {
      files = new ManifestFolder(dir).read();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    CompiledManifests compiled = ManifestCompiler.compile(files, ManifestCompiler.THROWAWAY_KEYS);
    PrintWriter out = spec.commandLine().getOut();
    if (output == Output.json) {
      out.println(
          Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json(files, compiled)));
    } else {
      text(out, files, compiled);
    }
    out.flush();
    return compiled.hasErrors() ? 1 : 0;
  }

  private void text(PrintWriter out, Map<String, String> files, CompiledManifests compiled) {
    compiled.diagnostics().forEach(d -> out.println(d.format()));
    out.println(
        (compiled.hasErrors() ? "INVALID: " : "OK: ")
            + ManifestFolder.describe(files)
            + ", "
            + plural(compiled.compilation().gateway().sources().size(), "Source")
            + " and "
            + plural(compiled.compilation().workers().size(), "Destination")
            + " compile; "
            + plural(compiled.errorCount(), "error")
            + ", "
            + plural(compiled.warningCount(), "warning")
            + ".");
  }

  private ObjectNode json(Map<String, String> files, CompiledManifests compiled) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("valid", !compiled.hasErrors());
    root.put("files", files.size());
    root.put("errors", compiled.errorCount());
    root.put("warnings", compiled.warningCount());
    ArrayNode diagnostics = root.putArray("diagnostics");
    for (LocatedDiagnostic located : compiled.diagnostics()) {
      Diagnostic d = located.diagnostic();
      ObjectNode node = diagnostics.addObject();
      node.put("file", located.file());
      node.put("severity", d.severity().name());
      node.put("kind", d.kind());
      node.put("namespace", d.namespace());
      node.put("name", d.name());
      node.put("field", d.field());
      node.put("message", d.message());
    }
    return root;
  }

  private static String plural(long count, String word) {
    return count + " " + word + (count == 1 ? "" : "s");
  }
}
