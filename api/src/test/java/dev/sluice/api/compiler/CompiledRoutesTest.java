package dev.sluice.api.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.WorkerConfig;
import dev.sluice.api.routing.ConnectionRouter;
import org.junit.jupiter.api.Test;

/**
 * What the compiler accepts, the worker can build: every compiled Connection, read back from its
 * JSON as a worker does, compiles into a router without new errors.
 */
class CompiledRoutesTest {

  @Test
  void everyCompiledConnectionBuildsARouter() {
    Compilation compilation = new Compiler().compile(Fixtures.shop());
    int connections = 0;
    for (WorkerConfig written : compilation.workers()) {
      WorkerConfig worker = ConfigJson.read(ConfigJson.write(written), WorkerConfig.class);
      for (ConnectionConfig connection : worker.connections()) {
        assertThatCode(() -> ConnectionRouter.compile(connection, worker.integrationName()))
            .as(connection.name())
            .doesNotThrowAnyException();
        connections++;
      }
    }
    assertThat(connections).isEqualTo(4);
  }

  @Test
  void diagnosticsCanBeLookedUpPerResource() {
    Compilation compilation =
        new Compiler()
            .compile(
                Fixtures.shopWith(
                    """
                    apiVersion: sluice.dev/v1alpha1
                    kind: Connection
                    metadata: {name: web-shop-to-archive, namespace: shop}
                    spec:
                      sourceRef: {name: web-shop}
                      destinationRef: {name: archives}
                    """));
    assertThat(compilation.diagnosticsFor("Connection", "shop", "web-shop-to-archive"))
        .singleElement()
        .satisfies(d -> assertThat(d.message()).contains("destinationRef archives not found"));
    assertThat(compilation.diagnosticsFor("Destination", "shop", "archive")).isEmpty();
  }
}
