package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates a CRD's {@code x-kubernetes-validations} rules with cel-java, as the API server does
 * with cel-go: each rule runs at every node of the resource that its schema node describes, with
 * {@code self} bound to that node. Only standard CEL and the strings extension are available, so
 * the rules must not use Kubernetes-only functions such as {@code isURL}.
 */
final class CelRules {
  /** A rule found in a schema: where it sits and what it says. */
  record Rule(String schemaPath, String expression, String message, String fieldPath) {}

  private static final CelOptions OPTIONS =
      CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setOptions(OPTIONS)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addLibraries(CelExtensions.strings())
          .addVar("self", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .setOptions(OPTIONS)
          .addLibraries(CelExtensions.strings())
          .build();
  private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

  private CelRules() {}

  /** Every rule in a schema, with the JSON pointer of its schema node. */
  static List<Rule> find(JsonNode schema) {
    List<Rule> rules = new ArrayList<>();
    find(schema, "", rules);
    return rules;
  }

  private static void find(JsonNode schema, String path, List<Rule> rules) {
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      rules.add(
          new Rule(
              path,
              rule.path("rule").asText(),
              rule.path("message").asText(null),
              rule.path("fieldPath").asText("")));
    }
    for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
      find(p.getValue(), path + "/properties/" + p.getKey(), rules);
    }
    if (schema.has("items")) {
      find(schema.get("items"), path + "/items", rules);
    }
    if (schema.path("additionalProperties").isObject()) {
      find(schema.get("additionalProperties"), path + "/additionalProperties", rules);
    }
  }

  /** Compiles a rule, failing with CEL's own error when it does not compile. */
  static CelRuntime.Program compile(String expression) {
    return PROGRAMS.computeIfAbsent(
        expression,
        e -> {
          try {
            CelAbstractSyntaxTree ast = COMPILER.compile(e).getAst();
            return RUNTIME.createProgram(ast);
          } catch (CelValidationException | CelEvaluationException ex) {
            throw new IllegalArgumentException("CEL rule does not compile: " + e + "\n" + ex, ex);
          }
        });
  }

  /**
   * Runs every rule at every node it applies to; a violation is {@code <path>: <message>}, where
   * path is the JSON pointer of the node (plus the rule's fieldPath) in the resource.
   */
  static List<String> violations(JsonNode schema, JsonNode resource) {
    List<String> violations = new ArrayList<>();
    check(schema, resource, "", violations);
    return violations;
  }

  private static void check(JsonNode schema, JsonNode value, String path, List<String> out) {
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      String expression = rule.path("rule").asText();
      String at = path + rule.path("fieldPath").asText("").replace('.', '/');
      Object result;
      try {
        result = compile(expression).eval(Map.of("self", toCel(value)));
      } catch (CelEvaluationException e) {
        out.add(at + ": rule failed to evaluate: " + expression + ": " + e.getMessage());
        continue;
      }
      if (!Boolean.TRUE.equals(result)) {
        out.add(at + ": " + rule.path("message").asText("failed rule: " + expression));
      }
    }
    if (value.isObject()) {
      for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
        if (value.has(p.getKey())) {
          check(p.getValue(), value.get(p.getKey()), path + "/" + p.getKey(), out);
        }
      }
      JsonNode values = schema.path("additionalProperties");
      if (values.isObject()) {
        value.properties().forEach(e -> check(values, e.getValue(), path + "/" + e.getKey(), out));
      }
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(schema.get("items"), value.get(i), path + "/" + i, out);
      }
    }
  }

  /** JSON to CEL values: maps, lists, strings, Long for integers, Double for other numbers. */
  static Object toCel(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), toCel(e.getValue())));
        yield map;
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>();
        node.forEach(item -> list.add(toCel(item)));
        yield list;
      }
      case STRING -> node.asText();
      case BOOLEAN -> node.asBoolean();
      case NUMBER -> node.isIntegralNumber() ? (Object) node.asLong() : (Object) node.asDouble();
      case NULL, MISSING -> NullValue.NULL_VALUE;
      default -> throw new IllegalArgumentException("no CEL value for " + node.getNodeType());
    };
  }
}
