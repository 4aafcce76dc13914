package dev.sluice.api.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.config.DestinationSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A warehouse block becomes a JDBC URL with the credentials beside it, never inside it. */
class WarehouseSettingsTest {

  private static final String SECRET =
      """
      apiVersion: v1
      kind: Secret
      metadata: {name: wh, namespace: shop}
      stringData:
        password: "s3cr3t:p@ss"
        url: "postgresql://loader:s3cr3t%3Ap%40ss@db.internal:5432/analytics?sslmode=require"
      ---
      """;

  private static Compilation compile(String warehouse) {
    String yaml =
        SECRET
            + """
            apiVersion: sluice.dev/v1alpha1
            kind: Destination
            metadata: {name: dw, namespace: shop}
            spec:
              type: warehouse
              warehouse:
            """
            + warehouse.indent(4);
    return new Compiler().compile(Fixtures.shopWith(yaml));
  }

  private static DestinationSettings.Warehouse settings(Compilation c) {
    return (DestinationSettings.Warehouse)
        c.workers().stream()
            .filter(w -> w.destination().equals("dw"))
            .findFirst()
            .orElseThrow()
            .settings();
  }

  private static List<String> errors(Compilation c) {
    return c.diagnostics().stream()
        .filter(Diagnostic::isError)
        .map(d -> d.field() + ": " + d.message())
        .toList();
  }

  @Test
  void aUrlAndAPasswordFromASecretWithDefaults() {
    Compilation c =
        compile(
            """
            url: postgresql://db.internal:5432/analytics
            user: loader
            passwordRef: {name: wh, key: password}
            schemas: {web-shop: shop_web}
            """);
    assertThat(errors(c)).isEmpty();
    assertThat(settings(c))
        .isEqualTo(
            new DestinationSettings.Warehouse(
                "jdbc:postgresql://db.internal:5432/analytics",
                "loader",
                "s3cr3t:p@ss",
                Map.of("web-shop", "shop_web"),
                Defaults.WAREHOUSE_BATCH_MAX_EVENTS,
                Defaults.WAREHOUSE_BATCH_MAX_BYTES,
                Defaults.WAREHOUSE_BATCH_MAX_WAIT,
                Defaults.WAREHOUSE_MAX_CONNECTIONS,
                Defaults.WAREHOUSE_MAX_COLUMNS));
    assertThat(settings(c).toString()).doesNotContain("s3cr3t");
  }

  @Test
  void aWholeUrlFromASecretHasItsCredentialsTakenOut() {
    Compilation c =
        compile(
            """
            urlFrom: {secretKeyRef: {name: wh, key: url}}
            batch: {maxEvents: 200, maxWait: PT1S}
            """);
    assertThat(errors(c)).isEmpty();
    DestinationSettings.Warehouse s = settings(c);
    assertThat(s.url()).isEqualTo("jdbc:postgresql://db.internal:5432/analytics?sslmode=require");
    assertThat(s.user()).isEqualTo("loader");
    assertThat(s.password()).isEqualTo("s3cr3t:p@ss");
    assertThat(s.batchMaxEvents()).isEqualTo(200);
    assertThat(s.batchMaxWait()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.toString()).doesNotContain("s3cr3t").doesNotContain("sslmode");
  }

  @Test
  void aPasswordWrittenInTheManifestIsRefusedWithoutRepeatingIt() {
    Compilation c = compile("url: postgresql://loader:hunter2@db:5432/analytics\n");
    assertThat(errors(c))
        .singleElement()
        .asString()
        .startsWith("spec.warehouse.url: the URL holds a password")
        .doesNotContain("hunter2");
  }

  @Test
  void notAPostgresUrl() {
    assertThat(errors(compile("url: mysql://db:3306/analytics\n")))
        .containsExactly(
            "spec.warehouse.url: the URL is not a PostgreSQL URL such as"
                + " postgresql://host:5432/database or jdbc:postgresql://host:5432/database");
  }
}
