package dev.sluice.workers.warehouse;

import static dev.sluice.workers.warehouse.Warehouses.bytes;
import static dev.sluice.workers.warehouse.Warehouses.columns;
import static dev.sluice.workers.warehouse.Warehouses.count;
import static dev.sluice.workers.warehouse.Warehouses.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Batches loaded into a real PostgreSQL in Segment's warehouse schema, one database per test. */
class BatchLoaderIT {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<HikariDataSource> pools = new ArrayList<>();
  private HikariDataSource pool;
  private BatchLoader loader;
  private String url;

  @BeforeEach
  void database() {
    url = Postgres.newDatabase();
    pool = newPool();
    loader = newLoader(pool, 1000);
  }

  @AfterEach
  void close() {
    pools.forEach(HikariDataSource::close);
  }

  private HikariDataSource newPool() {
    HikariDataSource p = Warehouses.pool(url);
    pools.add(p);
    return p;
  }

  private BatchLoader newLoader(HikariDataSource p, int maxColumns) {
    return new BatchLoader(p, maxColumns, new WarehouseMetrics(registry, "test", "wh"));
  }

  private BatchLoader.Outcome load(BatchLoader l, List<ObjectNode> messages) throws SQLException {
    return l.load(messages.stream().map(m -> new BatchLoader.Item("shop", bytes(m))).toList());
  }

  private BatchLoader.Outcome load(List<ObjectNode> messages) throws SQLException {
    return load(loader, messages);
  }

  private static ObjectNode track(String id, String event, String receivedAt) {
    ObjectNode m = Corpus.messages().get(0).deepCopy();
    m.put("messageId", id).put("event", event).put("receivedAt", receivedAt);
    m.putObject("properties");
    return m;
  }

  private static ObjectNode identify(String id, String userId, String receivedAt) {
    ObjectNode m = Corpus.messages().get(1).deepCopy();
    m.put("messageId", id).put("userId", userId).put("receivedAt", receivedAt);
    m.putObject("traits");
    return m;
  }

  @Test
  void everyMessageTypeLandsInItsTablesAndColumns() throws SQLException {
    assertThat(load(Corpus.messages()).rejected()).isEmpty();

    assertThat(
            query(
                pool,
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'shop' ORDER BY 1"))
        .extracting(r -> r.get("table_name"))
        .containsExactly(
            "accounts",
            "aliases",
            "groups",
            "identifies",
            "order_completed",
            "pages",
            "screens",
            "tracks",
            "users");
    Map<String, String> event = columns(pool, "shop", "order_completed");
    assertThat(event)
        .contains(
            entry("id", "text"),
            entry("received_at", "timestamp with time zone"),
            entry("uuid_ts", "timestamp with time zone"),
            entry("event", "text"),
            entry("event_text", "text"),
            entry("context_ip", "text"),
            entry("context_library_name", "text"),
            entry("revenue", "double precision"),
            entry("quantity", "bigint"),
            entry("paid", "boolean"),
            entry("shipped_at", "timestamp with time zone"),
            entry("products", "text"),
            entry("shipping_address_city", "text"))
        .doesNotContainKey("coupon");
    assertThat(columns(pool, "shop", "tracks")).doesNotContainKey("revenue");
    Map<String, Object> order = query(pool, "SELECT * FROM shop.order_completed").get(0);
    assertThat(order)
        .contains(
            entry("id", "trk-1"),
            entry("user_id", "user-1"),
            entry("event", "order_completed"),
            entry("event_text", "Order Completed"),
            entry("revenue", 42.5),
            entry("quantity", 2L),
            entry("paid", true));
    assertThat(count(pool, "SELECT count(*) FROM shop.tracks WHERE id = 'trk-1'")).isEqualTo(1);
    assertThat(query(pool, "SELECT id, email, first_name, address_city FROM shop.users"))
        .containsExactly(
            Map.of(
                "id",
                "user-1",
                "email",
                "ada@example.com",
                "first_name",
                "Ada",
                "address_city",
                "London"));
    assertThat(query(pool, "SELECT id, name, employees FROM shop.accounts"))
        .containsExactly(Map.of("id", "acme", "name", "Acme Inc", "employees", 420L));
    assertThat(query(pool, "SELECT previous_id, user_id FROM shop.aliases"))
        .containsExactly(Map.of("previous_id", "anon-1", "user_id", "user-1"));
    assertThat(query(pool, "SELECT name, variant, context_app_version FROM shop.screens"))
        .containsExactly(Map.of("name", "Home", "variant", "b", "context_app_version", "1.0.0"));
  }

  /** The columns the Segment dbt packages select from tracks, identifies, users and pages. */
  @Test
  void theSchemaADbtModelForSegmentExpectsIsThere() throws SQLException {
    load(Corpus.messages());
    List<String> common =
        List.of(
            "id",
            "anonymous_id",
            "user_id",
            "received_at",
            "sent_at",
            "timestamp",
            "original_timestamp",
            "uuid_ts",
            "context_ip");
    assertThat(columns(pool, "shop", "tracks").keySet())
        .containsAll(common)
        .contains("event", "event_text", "context_page_url");
    assertThat(columns(pool, "shop", "identifies").keySet()).containsAll(common).contains("email");
    assertThat(columns(pool, "shop", "users").keySet()).contains("id", "received_at", "email");
    assertThat(columns(pool, "shop", "pages").keySet())
        .containsAll(common)
        .contains("name", "url", "path", "title", "search", "referrer", "context_user_agent");
    // A page from an anonymous visitor still has a user_id column, as Segment's tables do.
    assertThat(count(pool, "SELECT count(*) FROM shop.pages WHERE user_id IS NULL")).isEqualTo(1);
    // What dbt-labs' segment package selects from pages, though no page sent a campaign yet.
    assertThat(columns(pool, "shop", "pages"))
        .contains(
            entry("context_campaign_source", "text"),
            entry("context_campaign_medium", "text"),
            entry("context_campaign_name", "text"),
            entry("context_campaign_term", "text"),
            entry("context_campaign_content", "text"));
    // Segment's uuid and loaded_at, in every table.
    for (String table : List.of("tracks", "order_completed", "identifies", "users", "pages")) {
      assertThat(columns(pool, "shop", table))
          .as(table)
          .contains(entry("uuid", "bigint"), entry("loaded_at", "timestamp with time zone"));
    }
  }

  /**
   * uuid is numbered by the database (a property of that name is discarded, as Segment discards
   * properties named like its columns); loaded_at is the load's time, like uuid_ts.
   */
  @Test
  void uuidIsTheDatabasesAndLoadedAtIsTheLoadTime() throws SQLException {
    ObjectNode first = track("t-1", "Signed Up", "2026-11-29T10:00:00Z");
    ((ObjectNode) first.get("properties")).put("uuid", "from-the-client").put("plan", "pro");
    ObjectNode second = track("t-2", "Signed Up", "2026-11-29T10:00:01Z");
    assertThat(load(List.of(first, second)).rejected()).isEmpty();
    load(List.of(identify("i-1", "u-1", "2026-11-29T10:00:02Z")));

    assertThat(
            query(
                pool,
                "SELECT id, uuid IS NOT NULL AS numbered, loaded_at = uuid_ts AS load_time"
                    + " FROM shop.signed_up ORDER BY uuid"))
        .containsExactly(
            Map.of("id", "t-1", "numbered", true, "load_time", true),
            Map.of("id", "t-2", "numbered", true, "load_time", true));
    assertThat(count(pool, "SELECT count(DISTINCT uuid) FROM shop.tracks")).isEqualTo(2);
    assertThat(count(pool, "SELECT count(*) FROM shop.users WHERE loaded_at IS NOT NULL"))
        .isEqualTo(1);
  }

  /** A table created before uuid and loaded_at existed gets both, its old rows numbered too. */
  @Test
  void aTableFromBeforeUuidGetsItsColumns() throws SQLException {
    try (var c = pool.getConnection();
        var s = c.createStatement()) {
      s.execute("CREATE SCHEMA shop");
      s.execute(
          "CREATE TABLE shop.tracks (id text PRIMARY KEY, received_at timestamptz, event text)");
      s.execute("INSERT INTO shop.tracks (id, event) VALUES ('old-1', 'signed_up')");
    }
    assertThat(load(List.of(track("t-1", "Signed Up", "2026-11-29T10:00:00Z"))).rejected())
        .isEmpty();

    assertThat(columns(pool, "shop", "tracks"))
        .contains(entry("uuid", "bigint"), entry("loaded_at", "timestamp with time zone"));
    assertThat(query(pool, "SELECT id, uuid IS NOT NULL AS numbered FROM shop.tracks ORDER BY id"))
        .containsExactly(
            Map.of("id", "old-1", "numbered", true), Map.of("id", "t-1", "numbered", true));
  }

  @Test
  void aNewPropertyAddsAColumnAndLoadingContinues() throws SQLException {
    ObjectNode first = track("t-1", "Signed Up", "2026-11-29T10:00:00Z");
    ((ObjectNode) first.get("properties")).put("plan", "pro");
    load(List.of(first));
    ObjectNode second = track("t-2", "Signed Up", "2026-11-29T10:00:01Z");
    ((ObjectNode) second.get("properties")).put("plan", "free").put("seats", 5);
    load(List.of(second));

    assertThat(columns(pool, "shop", "signed_up")).containsEntry("seats", "bigint");
    assertThat(query(pool, "SELECT id, plan, seats FROM shop.signed_up ORDER BY id"))
        .extracting(r -> List.of(r.get("id"), r.get("plan"), String.valueOf(r.get("seats"))))
        .containsExactly(List.of("t-1", "pro", "null"), List.of("t-2", "free", "5"));
    assertThat(
            registry
                .get("sluice.warehouse.schema.changes")
                .tags("table", "signed_up", "change", "add_column")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void aValueThatDoesNotFitIsRejectedWithTheReasonAndTheRestLoads() throws SQLException {
    ObjectNode first = track("t-1", "Item Added", "2026-11-29T10:00:00Z");
    ((ObjectNode) first.get("properties")).put("quantity", 2);
    load(List.of(first));

    ObjectNode text = track("t-2", "Item Added", "2026-11-29T10:00:01Z");
    ((ObjectNode) text.get("properties")).put("quantity", "lots");
    ObjectNode convertible = track("t-3", "Item Added", "2026-11-29T10:00:02Z");
    ((ObjectNode) convertible.get("properties")).put("quantity", "3");
    ObjectNode fraction = track("t-4", "Item Added", "2026-11-29T10:00:03Z");
    ((ObjectNode) fraction.get("properties")).put("quantity", 4.5);
    BatchLoader.Outcome outcome = load(List.of(text, convertible, fraction));

    assertThat(outcome.rejected())
        .containsOnlyKeys(0, 2)
        .containsEntry(
            0,
            "value of item_added.quantity does not fit its column type bigint (a text value that"
                + " cannot be converted without loss)");
    assertThat(query(pool, "SELECT id, quantity FROM shop.item_added ORDER BY id"))
        .extracting(r -> r.get("id") + "=" + r.get("quantity"))
        .containsExactly("t-1=2", "t-3=3");
    // A rejected message is not half-loaded: its tracks row is not there either.
    assertThat(query(pool, "SELECT id FROM shop.tracks ORDER BY id"))
        .extracting(r -> r.get("id"))
        .containsExactly("t-1", "t-3");
    assertThat(registry.get("sluice.warehouse.rejected").tags("reason", "type").counter().count())
        .isEqualTo(2);
  }

  @Test
  void aRedeliveredMessageIsNeverASecondRow() throws SQLException {
    List<ObjectNode> batch = Corpus.messages();
    load(batch);
    load(batch);
    load(List.of(batch.get(0), batch.get(0)));
    assertThat(count(pool, "SELECT count(*) FROM shop.tracks")).isEqualTo(1);
    assertThat(count(pool, "SELECT count(*) FROM shop.order_completed")).isEqualTo(1);
    assertThat(count(pool, "SELECT count(*) FROM shop.identifies")).isEqualTo(1);
    assertThat(count(pool, "SELECT count(*) FROM shop.users")).isEqualTo(1);
  }

  @Test
  void usersHoldTheLatestTraitsWhateverOrderTheyArriveIn() throws SQLException {
    ObjectNode older = identify("i-1", "u-1", "2026-11-29T10:00:00Z");
    ((ObjectNode) older.get("traits")).put("plan", "free").put("email", "a@example.com");
    ObjectNode newer = identify("i-2", "u-1", "2026-11-29T10:05:00Z");
    ((ObjectNode) newer.get("traits")).put("plan", "pro");
    ObjectNode newest = identify("i-3", "u-1", "2026-11-29T10:09:00Z");
    ((ObjectNode) newest.get("traits")).put("company", "Acme");
    ObjectNode stale = identify("i-0", "u-1", "2026-11-29T09:00:00Z");
    ((ObjectNode) stale.get("traits")).put("plan", "trial");

    load(List.of(newer, older)); // out of order within one batch
    load(List.of(newest));
    load(List.of(stale)); // an old message redelivered late

    assertThat(query(pool, "SELECT id, plan, email, company FROM shop.users"))
        .containsExactly(
            Map.of("id", "u-1", "plan", "pro", "email", "a@example.com", "company", "Acme"));
    assertThat(count(pool, "SELECT count(*) FROM shop.identifies")).isEqualTo(4);
  }

  @Test
  void namesWithSpacesUnicodeReservedWordsAndTwoHundredCharactersWork() throws SQLException {
    String longName = "a very long property name ".repeat(8).substring(0, 200);
    ObjectNode m = track("t-1", "Commande Passée — Ω 注文", "2026-11-29T10:00:00Z");
    ((ObjectNode) m.get("properties"))
        .put("select", "s")
        .put("Order", "o")
        .put("first name", "Ada")
        .put("größe", 42)
        .put(longName, "long")
        .put(longName + "!", "longer")
        .put("\"quoted\"", "q");
    ObjectNode reservedEvent = track("t-2", "Order", "2026-11-29T10:00:01Z");
    ObjectNode longEvent = track("t-3", "E".repeat(200), "2026-11-29T10:00:02Z");
    assertThat(load(List.of(m, reservedEvent, longEvent)).rejected()).isEmpty();

    String table = "commande_passée_ω_注文";
    Map<String, String> columns = columns(pool, "shop", table);
    assertThat(columns).containsKeys("_select", "_order", "first_name", "größe", "quoted");
    String longColumn = WarehouseNames.column(longName);
    assertThat(columns).containsKey(longColumn);
    assertThat(query(pool, "SELECT \"" + longColumn + "\" AS v FROM shop.\"" + table + "\""))
        .containsExactly(Map.of("v", "long"));
    assertThat(count(pool, "SELECT count(*) FROM shop._order")).isEqualTo(1);
    assertThat(
            count(
                pool,
                "SELECT count(*) FROM shop.\"" + WarehouseNames.eventTable("E".repeat(200)) + "\""))
        .isEqualTo(1);
  }

  @Test
  void aTableAtItsColumnLimitRejectsWithAClearError() throws SQLException {
    BatchLoader small = newLoader(pool, 20);
    ObjectNode wide = track("t-1", "Wide", "2026-11-29T10:00:00Z");
    IntStream.range(0, 30).forEach(i -> ((ObjectNode) wide.get("properties")).put("p" + i, i));
    ObjectNode narrow = track("t-2", "Wide", "2026-11-29T10:00:01Z");

    BatchLoader.Outcome outcome = load(small, List.of(wide, narrow));

    assertThat(outcome.rejected()).containsOnlyKeys(0);
    assertThat(outcome.rejected().get(0))
        .startsWith("table wide has reached its limit of 20 columns");
    assertThat(columns(pool, "shop", "wide")).hasSize(20);
    assertThat(count(pool, "SELECT count(*) FROM shop.wide")).isEqualTo(1);
  }

  /**
   * A replica whose cache does not know a column another replica added with another type fits its
   * values to the type the table has, not to the one its own first value suggests.
   */
  @Test
  void aColumnAnotherReplicaAddedIsTakenWithItsType() throws SQLException {
    BatchLoader other = newLoader(newPool(), 1000);
    load(List.of(track("t-1", "Item Added", "2026-11-29T10:00:00Z")));
    ObjectNode number = track("t-2", "Item Added", "2026-11-29T10:00:01Z");
    ((ObjectNode) number.get("properties")).put("size", 7);
    assertThat(load(other, List.of(number)).rejected()).isEmpty();

    ObjectNode text = track("t-3", "Item Added", "2026-11-29T10:00:02Z");
    ((ObjectNode) text.get("properties")).put("size", "large");
    ObjectNode digits = track("t-4", "Item Added", "2026-11-29T10:00:03Z");
    ((ObjectNode) digits.get("properties")).put("size", "8");
    BatchLoader.Outcome outcome = load(List.of(text, digits));

    assertThat(outcome.rejected()).containsOnlyKeys(0);
    assertThat(columns(pool, "shop", "item_added")).containsEntry("size", "bigint");
    assertThat(query(pool, "SELECT id, size FROM shop.item_added ORDER BY id"))
        .extracting(r -> r.get("id") + "=" + r.get("size"))
        .containsExactly("t-1=null", "t-2=7", "t-4=8");
  }

  /** Timestamps loaded in binary are what PostgreSQL makes of the same text. */
  @Test
  void timestampsAreWhatPostgresqlMakesOfTheirText() throws SQLException {
    List<String> times =
        List.of(
            "2026-11-29T10:00:00Z",
            "2026-11-29T10:00:00.123456789+02:00",
            "2026-11-29 10:00:00.5-0530",
            "2026-11-29T10:00+14");
    List<ObjectNode> batch = new ArrayList<>();
    for (int i = 0; i < times.size(); i++) {
      ObjectNode m = track("t-" + i, "Shipped", times.get(i));
      ((ObjectNode) m.get("properties")).put("at", times.get(i)).put("n", i).put("x", i + 0.25);
      batch.add(m);
    }
    assertThat(load(batch).rejected()).isEmpty();
    for (int i = 0; i < times.size(); i++) {
      assertThat(
              count(
                  pool,
                  "SELECT count(*) FROM shop.shipped WHERE id = 't-"
                      + i
                      + "' AND received_at = '"
                      + times.get(i)
                      + "'::timestamptz AND at = received_at AND n = "
                      + i
                      + " AND x = "
                      + (i + 0.25)))
          .as(times.get(i))
          .isEqualTo(1);
    }
  }

  /** A column someone changed by hand to another type still takes rows (by the staged load). */
  @Test
  void aColumnChangedByHandStillLoads() throws SQLException {
    ObjectNode first = track("t-1", "Rated", "2026-11-29T10:00:00Z");
    ((ObjectNode) first.get("properties")).put("stars", 4).put("note", "ok");
    load(List.of(first));
    try (var c = pool.getConnection();
        var s = c.createStatement()) {
      s.execute("ALTER TABLE shop.rated ALTER COLUMN stars TYPE integer");
      s.execute("ALTER TABLE shop.rated ALTER COLUMN note TYPE varchar(10)");
    }
    ObjectNode second = track("t-2", "Rated", "2026-11-29T10:00:01Z");
    ((ObjectNode) second.get("properties")).put("stars", 5).put("note", "great");
    assertThat(load(List.of(second)).rejected()).isEmpty();

    assertThat(query(pool, "SELECT id, stars, note FROM shop.rated ORDER BY id"))
        .extracting(r -> r.get("id") + "=" + r.get("stars") + "/" + r.get("note"))
        .containsExactly("t-1=4/ok", "t-2=5/great");
  }

  /** Two replicas (own pools, own caches) changing one table's columns at the same time. */
  @Test
  void schemaChangesFromSeveralReplicasAreSerialized() throws Exception {
    BatchLoader a = newLoader(newPool(), 1000);
    BatchLoader b = newLoader(newPool(), 1000);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<CompletableFuture<Void>> runs = new ArrayList<>();
      for (BatchLoader replica : List.of(a, b)) {
        String who = replica == a ? "a" : "b";
        runs.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < 15; i++) {
                    ObjectNode m = track(who + "-" + i, "Raced", "2026-11-29T10:00:00Z");
                    ((ObjectNode) m.get("properties")).put(who + "_prop_" + i, i);
                    try {
                      assertThat(load(replica, List.of(m)).rejected()).isEmpty();
                    } catch (SQLException e) {
                      throw new IllegalStateException(e);
                    }
                  }
                },
                threads));
      }
      CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    } finally {
      threads.shutdownNow();
    }
    assertThat(count(pool, "SELECT count(*) FROM shop.raced")).isEqualTo(30);
    assertThat(columns(pool, "shop", "raced").keySet())
        .contains("a_prop_0", "a_prop_14", "b_prop_0", "b_prop_14");
  }
}
