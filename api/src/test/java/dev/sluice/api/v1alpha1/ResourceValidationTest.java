package dev.sluice.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated CRDs accept good resources and reject bad ones with the message of the rule that
 * catches them. The cases live in {@code src/test/resources/crd/resources.yaml}.
 */
class ResourceValidationTest {
  static final ResourceValidator VALIDATOR = ResourceValidator.fromGeneratedCrds();
  static final JsonNode CASES = load();

  static Stream<Arguments> valid() {
    return cases("valid");
  }

  static Stream<Arguments> invalid() {
    return cases("invalid");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void accepts(String name, JsonNode resource, JsonNode expect) {
    assertThat(VALIDATOR.violations(resource)).as(name).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsWithTheRulesMessage(String name, JsonNode resource, JsonNode expect) {
    List<ResourceValidator.Violation> violations = VALIDATOR.violations(resource);
    assertThat(violations.stream().map(ResourceValidator.Violation::key).toList())
        .as("%s: %s", name, violations)
        .containsExactlyElementsOf(() -> expect.valueStream().map(JsonNode::asText).iterator());
  }

  @Test
  void theMinimalResourcesAreValid() {
    for (Map.Entry<String, JsonNode> base : CASES.get("bases").properties()) {
      assertThat(VALIDATOR.violations(base.getValue())).as(base.getKey()).isEmpty();
    }
  }

  @Test
  void everyCelRuleHasACaseThatBreaksIt() {
    Set<String> messages = new TreeSet<>();
    Crds.generatedByKind()
        .values()
        .forEach(crd -> CelRules.find(Crds.schema(crd)).forEach(r -> messages.add(r.message())));
    Set<String> expected = new TreeSet<>();
    for (JsonNode c : CASES.get("invalid")) {
      c.get("expect").forEach(e -> expected.add(e.asText().replaceFirst("^[^:]*: ", "")));
    }
    assertThat(expected).containsAll(messages);
  }

  private static Stream<Arguments> cases(String list) {
    return CASES
        .get(list)
        .valueStream()
        .map(
            c ->
                Arguments.of(
                    c.get("kind").asText() + ": " + c.get("case").asText(),
                    mergePatch(
                        CASES.at("/bases/" + c.get("kind").asText()).deepCopy(), c.get("patch")),
                    c.path("expect")));
  }

  /** RFC 7386: objects merge, null removes a member, anything else replaces. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target.isObject() ? (ObjectNode) target : Crds.YAML.createObjectNode();
    for (Map.Entry<String, JsonNode> member : patch.properties()) {
      if (member.getValue().isNull()) {
        result.remove(member.getKey());
      } else {
        JsonNode current = result.path(member.getKey());
        result.set(member.getKey(), mergePatch(current, member.getValue()));
      }
    }
    return result;
  }

  private static JsonNode load() {
    try (InputStream in = ResourceValidationTest.class.getResourceAsStream("/crd/resources.yaml")) {
      return Crds.YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
