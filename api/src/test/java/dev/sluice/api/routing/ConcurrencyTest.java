package dev.sluice.api.routing;

import static dev.sluice.api.routing.Routes.router;
import static dev.sluice.api.routing.Routes.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.FilterConfig;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One compiled router is shared by a worker's threads: results must not depend on interleaving. */
class ConcurrencyTest {

  @Test
  void aSharedRouterGivesTheSameOutcomesOnManyThreads() {
    ConnectionRouter router =
        router(
            new FilterConfig(
                List.of("track"),
                new FilterConfig.EventNames(List.of("Order *"), null),
                "has(message.properties.revenue) && message.properties.revenue > 10",
                80),
            set("properties.double", "message.properties.revenue * 2"));
    List<String> serial = IntStream.range(0, 4_000).mapToObj(i -> describe(router, i)).toList();
    List<String> parallel =
        IntStream.range(0, 4_000).parallel().mapToObj(i -> describe(router, i)).toList();
    assertThat(parallel).isEqualTo(serial);
    assertThat(serial).anyMatch(s -> s.startsWith("pass"));
    assertThat(serial).anyMatch(s -> s.startsWith("sample"));
    assertThat(serial).anyMatch(s -> s.startsWith("condition_false"));
    assertThat(serial).anyMatch(s -> s.startsWith("event"));
  }

  private static String describe(ConnectionRouter router, int i) {
    ObjectNode message = Json.object("{'type':'track','properties':{}}");
    message.put("messageId", "m-" + i);
    message.put("event", i % 7 == 0 ? "Signed Up" : "Order Completed");
    ((ObjectNode) message.get("properties")).put("revenue", i % 20);
    RouteOutcome outcome = router.route(message);
    return outcome instanceof RouteOutcome.Pass pass
        ? "pass " + pass.message()
        : ((RouteOutcome.Filtered) outcome).reason().label();
  }
}
