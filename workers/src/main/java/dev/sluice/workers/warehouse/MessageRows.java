package dev.sluice.workers.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows a Segment message becomes, table by table, as Segment's warehouses lay them out: a track
 * goes to {@code tracks} (common columns) and to its event's own table (with its properties); an
 * identify to {@code identifies} and {@code users}; a group to {@code groups} and {@code accounts};
 * page, screen and alias to their tables.
 */
public final class MessageRows {
  /** Segment's own tables: an event that would load into one of them is refused. */
  public static final Set<String> RESERVED_TABLES =
      Set.of("tracks", "identifies", "users", "pages", "screens", "groups", "accounts", "aliases");

  /** Segment's common columns and their types, whatever the message's values look like. */
  static final Map<String, ColumnType> COMMON =
      Map.ofEntries(
          Map.entry("id", ColumnType.TEXT),
          Map.entry("received_at", ColumnType.TIMESTAMPTZ),
          Map.entry("sent_at", ColumnType.TIMESTAMPTZ),
          Map.entry("timestamp", ColumnType.TIMESTAMPTZ),
          Map.entry("original_timestamp", ColumnType.TIMESTAMPTZ),
          Map.entry("uuid_ts", ColumnType.TIMESTAMPTZ),
          Map.entry("user_id", ColumnType.TEXT),
          Map.entry("anonymous_id", ColumnType.TEXT),
          Map.entry("event", ColumnType.TEXT),
          Map.entry("event_text", ColumnType.TEXT),
          Map.entry("name", ColumnType.TEXT),
          Map.entry("group_id", ColumnType.TEXT),
          Map.entry("previous_id", ColumnType.TEXT));

  private static final List<String> BASE =
      List.of(
          "id",
          "received_at",
          "sent_at",
          "timestamp",
          "original_timestamp",
          "uuid_ts",
          "user_id",
          "anonymous_id");

  /**
   * The columns a table is created with even before a message fills them, so queries and dbt models
   * written for Segment's tables find them (Segment's own tables always have them).
   */
  static List<String> baseColumns(String table) {
    List<String> extra =
        switch (table) {
          case "users", "accounts" -> null;
          case "identifies" -> List.of();
          case "pages", "screens" -> List.of("name");
          case "groups" -> List.of("group_id");
          case "aliases" -> List.of("previous_id");
          default -> List.of("event", "event_text"); // tracks and the event tables
        };
    if (extra == null) {
      return List.of("id", "received_at", "uuid_ts");
    }
    List<String> columns = new ArrayList<>(BASE);
    columns.addAll(extra);
    return columns;
  }

  /** Marks a name as taken without giving it a value. */
  private static final Value TAKEN = new Value(ColumnType.TEXT, "");

  private MessageRows() {}

  /** The rows, or a rejection saying why the message has none. */
  public sealed interface Result {}

  public record Rows(List<Row> rows) implements Result {}

  public record Rejected(String reason) implements Result {}

  /**
   * @param loadedAt the {@code uuid_ts} of this load
   */
  public static Result of(JsonNode message, String loadedAt) {
    String messageId = text(message.get("messageId"));
    if (messageId == null || messageId.isEmpty()) {
      return new Rejected("the message has no messageId, which is the warehouse row's id");
    }
    String type = text(message.get("type"));
    Map<String, Value> common = new LinkedHashMap<>();
    common.put("id", new Value(ColumnType.TEXT, messageId));
    timestamp(common, "received_at", message.get("receivedAt"));
    timestamp(common, "sent_at", message.get("sentAt"));
    timestamp(common, "timestamp", message.get("timestamp"));
    timestamp(common, "original_timestamp", message.get("originalTimestamp"));
    common.put("uuid_ts", new Value(ColumnType.TIMESTAMPTZ, loadedAt));
    putText(common, "user_id", message.get("userId"));
    putText(common, "anonymous_id", message.get("anonymousId"));
    Map<String, Value> context = new LinkedHashMap<>();
    Flattener.flatten(message.get("context"), "context", context);
    context.forEach(common::putIfAbsent);
    List<Row> rows = new ArrayList<>(2);
    switch (type == null ? "" : type) {
      case "track" -> {
        String event = text(message.get("event"));
        String table = event == null ? null : WarehouseNames.eventTable(event);
        if (table == null) {
          return new Rejected("a track needs an event name with a letter or digit");
        }
        if (RESERVED_TABLES.contains(table)) {
          return new Rejected(
              "event \"" + event + "\" would load into table " + table + ", one of Segment's own");
        }
        common.put("event", new Value(ColumnType.TEXT, table));
        common.put("event_text", new Value(ColumnType.TEXT, event));
        rows.add(row("tracks", common, null));
        rows.add(row(table, common, message.get("properties")));
      }
      case "identify" -> {
        rows.add(row("identifies", common, message.get("traits")));
        if (common.containsKey("user_id")) {
          rows.add(latest("users", common.get("user_id"), common, message.get("traits")));
        }
      }
      case "page", "screen" -> {
        putText(common, "name", message.get("name"));
        rows.add(row(type + "s", common, message.get("properties")));
      }
      case "group" -> {
        putText(common, "group_id", message.get("groupId"));
        rows.add(row("groups", common, message.get("traits")));
        if (common.containsKey("group_id")) {
          rows.add(latest("accounts", common.get("group_id"), common, message.get("traits")));
        }
      }
      case "alias" -> {
        putText(common, "previous_id", message.get("previousId"));
        rows.add(row("aliases", common, null));
      }
      default -> {
        return new Rejected("message type \"" + type + "\" has no warehouse table");
      }
    }
    return new Rows(rows);
  }

  private static Row row(String table, Map<String, Value> common, JsonNode properties) {
    Map<String, Value> values = new LinkedHashMap<>(common);
    Flattener.flatten(properties, "", values);
    return new Row(table, false, values);
  }

  /** users and accounts: keyed by the user's (group's) id, with the latest traits. */
  private static Row latest(String table, Value id, Map<String, Value> common, JsonNode traits) {
    Map<String, Value> values = new LinkedHashMap<>();
    values.put("id", id);
    copy(common, values, "received_at");
    copy(common, values, "uuid_ts");
    // Segment's common columns stay reserved: a trait named user_id is discarded, as elsewhere.
    Map<String, Value> all = new LinkedHashMap<>(values);
    BASE.forEach(c -> all.putIfAbsent(c, TAKEN));
    Flattener.flatten(traits, "", all);
    all.forEach(
        (column, value) -> {
          if (value != TAKEN) {
            values.putIfAbsent(column, value);
          }
        });
    return new Row(table, true, values);
  }

  private static void copy(Map<String, Value> from, Map<String, Value> to, String column) {
    if (from.containsKey(column)) {
      to.put(column, from.get(column));
    }
  }

  private static void timestamp(Map<String, Value> row, String column, JsonNode node) {
    String s = text(node);
    // A time the gateway could not parse is kept in the message but is no timestamp here.
    if (s != null && TypeInference.timestamp(s)) {
      row.put(column, new Value(ColumnType.TIMESTAMPTZ, s));
    }
  }

  private static void putText(Map<String, Value> row, String column, JsonNode node) {
    String s = text(node);
    if (s != null) {
      row.put(column, new Value(ColumnType.TEXT, s));
    }
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()
        ? null
        : node.asText();
  }
}
