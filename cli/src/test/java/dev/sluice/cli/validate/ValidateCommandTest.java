package dev.sluice.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.CommandRun;
import dev.sluice.cli.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidateCommandTest {
  private static final String BROKEN = "src/test/resources/manifests/broken";

  @Test
  void theQuickstartIsValid() {
    CommandRun run = CommandRun.of("validate", "../examples/quickstart");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("OK: 4 files, 1 Source and 2 Destinations compile; 0 errors");
  }

  @Test
  void brokenManifestsAreEachReportedWithFileResourceAndFieldAndExitOne() {
    CommandRun run = CommandRun.of("validate", BROKEN);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            BROKEN
                + "/connections.yaml: ERROR Connection default/broken-connection"
                + " spec.sourceRef.name: sourceRef no-such-source not found")
        .contains(
            BROKEN
                + "/connections.yaml: ERROR Connection default/broken-connection"
                + " spec.filter.condition: CEL expression does not compile")
        .contains(
            BROKEN
                + "/destinations.yaml: ERROR Destination default/broken-hook"
                + " spec.webhook.timout: unknown field \"timout\"")
        .contains("WARNING ConfigMap default/unrelated")
        .contains(BROKEN + "/source.yaml document 1 (line 2) is not valid YAML")
        .contains("INVALID: 3 files");
  }

  @Test
  void jsonOutputParsesAndCarriesEveryDiagnostic() throws Exception {
    CommandRun run = CommandRun.of("validate", "--output", "json", BROKEN);

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode report = Json.mapper().readTree(run.out());
    assertThat(report.path("valid").asBoolean(true)).isFalse();
    assertThat(report.path("errors").asInt()).isEqualTo(5);
    assertThat(report.path("warnings").asInt()).isEqualTo(1);
    List<String> located = new ArrayList<>();
    report
        .path("diagnostics")
        .forEach(
            d ->
                located.add(
                    d.path("file").asText()
                        + " "
                        + d.path("severity").asText()
                        + " "
                        + d.path("kind").asText()
                        + " "
                        + d.path("field").asText()));
    assertThat(located)
        .contains(
            BROKEN + "/connections.yaml ERROR Connection spec.filter.condition",
            BROKEN + "/destinations.yaml ERROR Destination spec.webhook.timout",
            BROKEN + "/destinations.yaml WARNING ConfigMap ",
            BROKEN + "/source.yaml ERROR  ");
  }

  @Test
  void aMissingFolderIsAUsageError() {
    CommandRun run = CommandRun.of("validate", "no/such/folder");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no folder no/such/folder");
  }
}
