package dev.sluice.workers.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which tables and columns each message type becomes, as in Segment's warehouses. */
class MessageRowsTest {
  private static final String LOADED = "2026-11-29T11:00:00Z";

  private static List<Row> rows(ObjectNode message) {
    MessageRows.Result result = MessageRows.of(message, LOADED);
    assertThat(result).isInstanceOf(MessageRows.Rows.class);
    return ((MessageRows.Rows) result).rows();
  }

  private static ObjectNode corpus(String type) {
    return Corpus.messages().stream()
        .filter(m -> m.get("type").asText().equals(type))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aTrackGoesToTracksAndToItsEventTable() {
    List<Row> rows = rows(corpus("track"));
    assertThat(rows).extracting(Row::table).containsExactly("tracks", "order_completed");
    Map<String, Value> tracks = rows.get(0).values();
    assertThat(tracks)
        .containsKeys(
            "id",
            "received_at",
            "sent_at",
            "timestamp",
            "original_timestamp",
            "uuid_ts",
            "user_id",
            "anonymous_id",
            "event",
            "event_text",
            "context_ip",
            "context_library_name",
            "context_page_url")
        .doesNotContainKey("revenue");
    assertThat(tracks.get("event").text()).isEqualTo("order_completed");
    assertThat(tracks.get("event_text").text()).isEqualTo("Order Completed");
    assertThat(tracks.get("uuid_ts").text()).isEqualTo(LOADED);
    Map<String, Value> event = rows.get(1).values();
    assertThat(event.get("revenue")).isEqualTo(new Value(ColumnType.DOUBLE, "42.5"));
    assertThat(event.get("quantity")).isEqualTo(new Value(ColumnType.BIGINT, "2"));
    assertThat(event.get("paid")).isEqualTo(new Value(ColumnType.BOOLEAN, "true"));
    assertThat(event.get("shipped_at").type()).isEqualTo(ColumnType.TIMESTAMPTZ);
    assertThat(event.get("order_id").text()).isEqualTo("o-1");
    assertThat(event.get("products").text()).isEqualTo("[{\"sku\":\"B-12\",\"price\":21.25}]");
    assertThat(event.get("shipping_address_city").text()).isEqualTo("Lyon");
    assertThat(event).doesNotContainKey("coupon");
  }

  @Test
  void anIdentifyGoesToIdentifiesAndUsers() {
    List<Row> rows = rows(corpus("identify"));
    assertThat(rows).extracting(Row::table).containsExactly("identifies", "users");
    assertThat(rows.get(0).values()).containsKeys("email", "first_name", "address_city", "user_id");
    Row users = rows.get(1);
    assertThat(users.upsert()).isTrue();
    assertThat(users.id()).isEqualTo("user-1");
    assertThat(users.values())
        .containsKeys("id", "received_at", "uuid_ts", "email", "plan", "logins")
        .doesNotContainKeys("anonymous_id", "context_ip", "user_id");
  }

  @Test
  void pagesScreensGroupsAndAliasesHaveTheirTables() {
    assertThat(rows(corpus("page"))).extracting(Row::table).containsExactly("pages");
    assertThat(rows(corpus("page")).get(0).values())
        .containsKeys("name", "path", "referrer", "search", "title", "url");
    assertThat(rows(corpus("screen")).get(0).values()).containsKeys("name", "variant");
    assertThat(rows(corpus("group"))).extracting(Row::table).containsExactly("groups", "accounts");
    assertThat(rows(corpus("group")).get(1).id()).isEqualTo("acme");
    assertThat(rows(corpus("alias")).get(0).values().get("previous_id").text()).isEqualTo("anon-1");
  }

  @Test
  void propertiesNamedLikeSegmentsColumnsAreDiscarded() {
    ObjectNode m = corpus("track");
    ((ObjectNode) m.get("properties")).put("user_id", "spoofed").put("id", "x");
    Map<String, Value> event = rows(m).get(1).values();
    assertThat(event.get("user_id").text()).isEqualTo("user-1");
    assertThat(event.get("id").text()).isEqualTo("trk-1");
  }

  @Test
  void loadedAtIsTheLoadTimeAndAUuidPropertyIsDiscarded() {
    ObjectNode m = corpus("track");
    ((ObjectNode) m.get("properties")).put("uuid", "from-the-client");
    List<Row> rows = rows(m);
    assertThat(rows.get(0).values().get("loaded_at").text()).isEqualTo(LOADED);
    assertThat(rows.get(1).values()).containsKey("loaded_at").doesNotContainKey("uuid");
    ObjectNode identify = corpus("identify");
    ((ObjectNode) identify.get("traits")).put("uuid", "u").put("loaded_at", "2020-01-01T00:00:00Z");
    Row users = rows(identify).get(1);
    assertThat(users.values().get("loaded_at").text()).isEqualTo(LOADED);
    assertThat(users.values()).doesNotContainKey("uuid");
  }

  @Test
  void eventsNamedLikeSegmentsTablesAreRefused() {
    ObjectNode m = corpus("track").put("event", "Identifies");
    assertThat(MessageRows.of(m, LOADED))
        .isEqualTo(
            new MessageRows.Rejected(
                "event \"Identifies\" would load into table identifies, one of Segment's own"));
  }
}
