package dev.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/** The Argo CD health check (gitops/argocd/health.lua) run by a Lua interpreter on samples. */
class ArgoCdHealthTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Stream<Arguments> samples() {
    return Stream.of(
        sample(
            "no status yet", "Source", 1, null, "Progressing", "Waiting for the Sluice operator"),
        sample(
            "Ready=True",
            "Destination",
            2,
            "{observedGeneration: 2, conditions: [{type: Ready, status: 'True', reason: Delivering, message: ''}]}",
            "Healthy",
            "Delivering"),
        sample(
            "Ready=False",
            "Connection",
            1,
            "{observedGeneration: 1, conditions: [{type: Ready, status: 'False', reason: DestinationNotFound, message: destinationRef order-webhook not found}]}",
            "Degraded",
            "DestinationNotFound: destinationRef order-webhook not found"),
        sample(
            "Ready=Unknown",
            "Source",
            1,
            "{observedGeneration: 1, conditions: [{type: Ready, status: Unknown, reason: KafkaUnavailable, message: retrying}]}",
            "Progressing",
            "KafkaUnavailable: retrying"),
        sample(
            "a status older than the spec",
            "Destination",
            3,
            "{observedGeneration: 2, conditions: [{type: Ready, status: 'True', reason: Delivering}]}",
            "Progressing",
            "generation 3"),
        sample(
            "conditions without Ready",
            "Source",
            1,
            "{observedGeneration: 1, conditions: [{type: Other, status: 'True'}]}",
            "Progressing",
            "Ready condition"),
        sample(
            "paused",
            "Destination",
            1,
            "{observedGeneration: 1, conditions: [{type: Ready, status: 'True', reason: Delivering}, {type: Paused, status: 'True', reason: PausedByAnnotation, message: remove it to resume}]}",
            "Suspended",
            "remove it to resume"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void healthFollowsTheReadyCondition(String what, String object, String status, String message)
      throws IOException {
    LuaTable health = run(Files.readString(Repo.path("gitops/argocd/health.lua")), object);
    assertThat(health.get("status").tojstring()).isEqualTo(status);
    assertThat(health.get("message").tojstring()).contains(message);
  }

  @Test
  void theArgoCdConfigMapPatchCarriesTheSameScriptForEachKind() throws IOException {
    String script = Files.readString(Repo.path("gitops/argocd/health.lua"));
    JsonNode data =
        YAML.readTree(Repo.path("gitops/argocd/argocd-cm-patch.yaml").toFile()).get("data");
    for (String kind : new String[] {"Source", "Destination", "Connection"}) {
      assertThat(data.path("resource.customizations.health.sluice.dev_" + kind).asText())
          .isEqualTo(script);
    }
  }

  /** Runs a health script as Argo CD does: the object as the global {@code obj}. */
  static LuaTable run(String script, String objectYaml) throws IOException {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", lua(YAML.readTree(objectYaml)));
    return globals.load(script, "health.lua").call().checktable();
  }

  private static LuaValue lua(JsonNode node) {
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        table.set(field.getKey(), lua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, lua(node.get(i)));
      }
      return table;
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    if (node.isNull()) {
      return LuaValue.NIL;
    }
    return LuaValue.valueOf(node.asText());
  }

  private static Arguments sample(
      String what, String kind, int generation, String status, String health, String message) {
    String object =
        "{apiVersion: sluice.dev/v1alpha1, kind: "
            + kind
            + ", metadata: {name: x, namespace: shop, generation: "
            + generation
            + "}, spec: {}"
            + (status == null ? "" : ", status: " + status)
            + "}";
    return Arguments.of(what, object, health, message);
  }
}
