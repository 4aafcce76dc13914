package dev.sluice.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.segment.analytics.Analytics;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.TrackMessage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/warehouse} as it ships, run by the local runner against a real PostgreSQL set up
 * the way the example's README says (user {@code sluice}, database {@code analytics}); only the
 * server's port differs. What a Segment library sends lands in Segment's warehouse tables.
 */
class WarehouseExampleIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  @TempDir static Path temp;
  static EmbeddedPostgres postgres;
  static LocalRunner runner;
  static final StringWriter output = new StringWriter();

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE USER sluice PASSWORD 'warehouse-password'");
      s.execute("CREATE DATABASE analytics OWNER sluice");
    }
    Path manifests = temp.resolve("warehouse");
    Files.createDirectories(manifests);
    try (Stream<Path> files = Files.list(Path.of("../examples/warehouse"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        String text = Files.readString(file);
        if (file.getFileName().toString().equals("destination.yaml")) {
          assertThat(text).contains("url: postgresql://127.0.0.1:5432/analytics");
          text = text.replace("127.0.0.1:5432", "127.0.0.1:" + postgres.getPort());
        }
        Files.writeString(manifests.resolve(file.getFileName()), text);
      }
    }
    runner =
        LocalRunner.start(
            new LocalRunner.Options(
                manifests, temp.resolve("data"), null, "127.0.0.1", 0, 0, Duration.ofSeconds(1)),
            new PrintWriter(output, true));
    // As `sluice local` does before it says ready: a new Connection starts at "latest", so what
    // is sent before its pipeline has partitions is not its to deliver.
    assertThat(runner.awaitReady(DEADLINE)).isNull();
  }

  @AfterAll
  static void stop() throws Exception {
    if (runner != null) {
      runner.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void whatALibrarySendsLandsInSegmentsWarehouseTables() throws Exception {
    assertThat(output.toString())
        .contains("write key warehouse-write-key")
        .doesNotContain("Problems")
        .doesNotContain("warehouse-password");
    Analytics analytics =
        Analytics.builder("warehouse-write-key")
            .endpoint("http://127.0.0.1:" + runner.gatewayPort())
            .flushQueueSize(3)
            .build();
    try {
      analytics.enqueue(
          IdentifyMessage.builder().userId("user-1").traits(Map.of("plan", "pro", "seats", 3)));
      analytics.enqueue(
          TrackMessage.builder("Order Completed")
              .userId("user-1")
              .properties(Map.of("revenue", 42.5, "currency", "EUR")));
      analytics.enqueue(
          PageMessage.builder("Checkout")
              .anonymousId("anon-1")
              .properties(Map.of("path", "/checkout")));
      analytics.flush();
    } finally {
      analytics.shutdown();
    }

    List<List<Object>> orders =
        await()
            .atMost(DEADLINE)
            .until(
                () -> rows("SELECT user_id, revenue, currency FROM web_shop.order_completed"),
                r -> !r.isEmpty());
    assertThat(orders).containsExactly(List.of("user-1", 42.5, "EUR"));
    await()
        .atMost(DEADLINE)
        .untilAsserted(
            () -> {
              assertThat(rows("SELECT id, plan, seats FROM web_shop.users"))
                  .containsExactly(List.of("user-1", "pro", 3L));
              assertThat(rows("SELECT event, event_text FROM web_shop.tracks"))
                  .containsExactly(List.of("order_completed", "Order Completed"));
              assertThat(rows("SELECT anonymous_id, name, path FROM web_shop.pages"))
                  .containsExactly(List.of("anon-1", "Checkout", "/checkout"));
            });
  }

  /** Rows of a query as the example's user; none while the table does not exist yet. */
  private static List<List<Object>> rows(String sql) throws SQLException {
    String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/analytics";
    try (Connection c = DriverManager.getConnection(url, "sluice", "warehouse-password");
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery(sql)) {
        List<List<Object>> out = new ArrayList<>();
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.add(rs.getObject(i));
          }
          out.add(row);
        }
        return out;
      } catch (SQLException e) {
        if ("42P01".equals(e.getSQLState())) {
          return List.of(); // the table is created by the first batch that needs it
        }
        throw e;
      }
    }
  }
}
