package dev.sluice.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.compiler.Compilation;
import dev.sluice.api.compiler.Compiler;
import dev.sluice.api.compiler.ResourceSet;
import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.operator.Examples;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LastGoodTest {
  @Test
  void aBrokenConnectionKeepsItsRunningEntryAndOthersAreNotTouched() {
    WorkerConfig running = worker(Examples.resources("quickstart"));
    WorkerConfig without = withoutConnections();

    WorkerConfig merged =
        LastGood.worker(without, ConfigJson.write(running), Set.of("web-shop-to-local-hook"));
    assertThat(merged).isEqualTo(running);
    // Not broken (deleted, or its Source is gone): not kept.
    assertThat(LastGood.worker(without, ConfigJson.write(running), Set.of())).isEqualTo(without);
    // Nothing running yet, or not readable: the compiled configuration as it is.
    assertThat(LastGood.worker(without, null, Set.of("web-shop-to-local-hook"))).isEqualTo(without);
    assertThat(LastGood.worker(without, "{not json", Set.of("web-shop-to-local-hook")))
        .isEqualTo(without);
  }

  @Test
  void aBrokenSourceKeepsItsRunningRoute() {
    ResourceSet resources = Examples.resources("quickstart");
    GatewayConfig running = new Compiler().compile(resources).gateway();
    GatewayConfig without = new GatewayConfig(java.util.List.of());

    assertThat(LastGood.gateway(without, ConfigJson.write(running), Set.of("web-shop")))
        .isEqualTo(running);
    assertThat(LastGood.gateway(without, ConfigJson.write(running), Set.of())).isEqualTo(without);
  }

  private static WorkerConfig worker(ResourceSet resources) {
    Compilation compilation = new Compiler().compile(resources);
    return compilation.workers().stream()
        .filter(w -> w.destination().equals("local-hook"))
        .findFirst()
        .orElseThrow();
  }

  private static WorkerConfig withoutConnections() {
    ResourceSet resources = Examples.resources("quickstart");
    ResourceSet noConnections =
        new ResourceSet(
            resources.sources(),
            resources.destinations(),
            java.util.List.of(),
            resources.secrets());
    return worker(noConnections);
  }
}
