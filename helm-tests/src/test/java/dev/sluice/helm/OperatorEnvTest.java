package dev.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.operator.settings.OperatorConfig;
import io.smallrye.config.WithDefault;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The operator Deployment's environment names are the operator's configuration keys ({@link
 * OperatorConfig}, {@code sluice.operator.*} as {@code SLUICE_OPERATOR_*}), so a renamed or new key
 * cannot silently go unset.
 */
class OperatorEnvTest {
  /** Quarkus' own settings the chart sets, each documented in the README. */
  static final Set<String> QUARKUS_KEYS =
      Set.of(
          "QUARKUS_OPERATOR_SDK_NAMESPACES",
          "QUARKUS_OPERATOR_SDK_CONCURRENT_RECONCILIATION_THREADS",
          "QUARKUS_CONFIG_LOCATIONS");

  /** Keys the chart leaves to the operator's defaults, and why. */
  static final Map<String, String> LEFT_TO_DEFAULTS =
      Map.of(
          "SLUICE_OPERATOR_GATEWAY_COMMAND", "the images' entry points match the default",
          "SLUICE_OPERATOR_WORKER_COMMAND", "the images' entry points match the default");

  @Test
  void everySluiceVariableTheChartSetsIsAConfigurationKeyAndEveryKeyIsCovered() {
    Map<String, Boolean> keys = new TreeMap<>();
    collect(OperatorConfig.class, "SLUICE_OPERATOR", keys);
    assertThat(keys)
        .containsKeys("SLUICE_OPERATOR_IMAGE", "SLUICE_OPERATOR_KAFKA_BOOTSTRAP_SERVERS");

    Set<String> set = new TreeSet<>();
    for (Map<String, Object> values : java.util.List.of(ChartTest.DEFAULTS, ChartTest.EVERYTHING)) {
      ChartTest.operatorContainer(Chart.render(values)).getEnv().forEach(e -> set.add(e.getName()));
    }
    set.remove("JAVA_TOOL_OPTIONS"); // EVERYTHING's operator.extraEnv

    assertThat(set.stream().filter(n -> !n.startsWith("QUARKUS_")))
        .as("SLUICE_OPERATOR_* variables the chart sets must be keys of OperatorConfig")
        .allMatch(keys::containsKey);
    assertThat(set.stream().filter(n -> n.startsWith("QUARKUS_"))).allMatch(QUARKUS_KEYS::contains);

    Set<String> unset = new TreeSet<>(keys.keySet());
    unset.removeAll(set);
    assertThat(unset)
        .as("operator settings the chart cannot set (add them to values.yaml and the Deployment)")
        .containsExactlyInAnyOrderElementsOf(LEFT_TO_DEFAULTS.keySet());
  }

  @Test
  void everyRequiredKeyIsSetWithDefaultValues() {
    Map<String, Boolean> keys = new TreeMap<>();
    collect(OperatorConfig.class, "SLUICE_OPERATOR", keys);
    Set<String> set = new TreeSet<>();
    ChartTest.operatorContainer(Chart.render(ChartTest.DEFAULTS))
        .getEnv()
        .forEach(e -> set.add(e.getName()));
    keys.forEach(
        (name, required) -> {
          if (required) {
            assertThat(set).as("required " + name).contains(name);
          }
        });
  }

  /**
   * Environment names of the leaf keys of a {@code @ConfigMapping} interface (kebab-case, then
   * SmallRye's environment form), each with whether it is required. Maps (labels, annotations) have
   * names an environment variable cannot carry: the chart writes them as properties.
   */
  private static void collect(Class<?> type, String prefix, Map<String, Boolean> keys) {
    for (Method method : type.getDeclaredMethods()) {
      if (method.isDefault()
          || Modifier.isStatic(method.getModifiers())
          || method.getParameterCount() > 0) {
        continue;
      }
      String name = prefix + "_" + env(method.getName());
      Class<?> returned = method.getReturnType();
      if (returned.isInterface() && returned.getEnclosingClass() == OperatorConfig.class) {
        collect(returned, name, keys);
      } else if (!Map.class.isAssignableFrom(returned)) {
        boolean required =
            returned != Optional.class && method.getAnnotation(WithDefault.class) == null;
        keys.put(name, required);
      }
    }
  }

  /** {@code bootstrapServers} to {@code BOOTSTRAP_SERVERS}. */
  private static String env(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
  }
}
