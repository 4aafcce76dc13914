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

  private MessageRows() {}

  /** Where a message's values go, column by column: the first value of a column wins. */
  public interface Sink {
    void put(String column, Value value);
  }

  /** A sink that a message's rows go to, one after the other. */
  public interface RowSink extends Sink {
    /** Starts a row of {@code table}: the values put next belong to it. */
    void row(String table, boolean upsert);
  }

  /** The rows, or a rejection saying why the message has none. */
  public sealed interface Result {}

  public record Rows(List<Row> rows) implements Result {}

  public record Rejected(String reason) implements Result {}

  /**
   * The rows of one message as maps (tests and the benchmark's plain loop; the loader uses {@link
   * #map} into its own sink).
   *
   * @param loadedAt the {@code uuid_ts} of this load
   */
  public static Result of(JsonNode message, String loadedAt) {
    List<Row> rows = new ArrayList<>(2);
    String rejected =
        map(
            message,
            loadedAt,
            new RowSink() {
              private Map<String, Value> values;

              @Override
              public void row(String table, boolean upsert) {
                values = new LinkedHashMap<>();
                rows.add(new Row(table, upsert, values));
              }

              @Override
              public void put(String column, Value value) {
                values.putIfAbsent(column, value);
              }
            });
    return rejected == null ? new Rows(rows) : new Rejected(rejected);
  }

  /**
   * Puts the rows of one message into {@code out}, in one pass over the message; nothing when the
   * message is refused.
   *
   * @param loadedAt the {@code uuid_ts} of this load
   * @return null, or why the message has no rows (checked before the first row starts)
   */
  public static String map(JsonNode message, String loadedAt, RowSink out) {
    String messageId = text(message.get("messageId"));
    if (messageId == null || messageId.isEmpty()) {
      return "the message has no messageId, which is the warehouse row's id";
    }
    String type = text(message.get("type"));
    String table =
        switch (type == null ? "" : type) {
          case "track" -> null;
          case "identify" -> "identifies";
          case "page" -> "pages";
          case "screen" -> "screens";
          case "group" -> "groups";
          case "alias" -> "aliases";
          default -> "";
        };
    if ("".equals(table)) {
      return "message type \"" + type + "\" has no warehouse table";
    }
    String event = null;
    if (table == null) {
      event = text(message.get("event"));
      table = event == null ? null : WarehouseNames.eventTable(event);
      if (table == null) {
        return "a track needs an event name with a letter or digit";
      }
      if (RESERVED_TABLES.contains(table)) {
        return "event \"" + event + "\" would load into table " + table + ", one of Segment's own";
      }
    }
    // The common columns once, replayed into each of the message's rows.
    Common common = new Common();
    common.put("id", new Value(ColumnType.TEXT, messageId));
    timestamp(common, "received_at", message.get("receivedAt"));
    timestamp(common, "sent_at", message.get("sentAt"));
    timestamp(common, "timestamp", message.get("timestamp"));
    timestamp(common, "original_timestamp", message.get("originalTimestamp"));
    common.put("uuid_ts", new Value(ColumnType.TIMESTAMPTZ, loadedAt));
    putText(common, "user_id", message.get("userId"));
    putText(common, "anonymous_id", message.get("anonymousId"));
    switch (type) {
      case "track" -> {
        common.put("event", new Value(ColumnType.TEXT, table));
        common.put("event_text", new Value(ColumnType.TEXT, event));
      }
      case "page", "screen" -> putText(common, "name", message.get("name"));
      case "group" -> putText(common, "group_id", message.get("groupId"));
      case "alias" -> putText(common, "previous_id", message.get("previousId"));
      default -> {}
    }
    Flattener.flatten(message.get("context"), "context", common);
    switch (type) {
      case "track" -> {
        row(out, "tracks", common, null);
        row(out, table, common, message.get("properties"));
      }
      case "identify" -> {
        row(out, table, common, message.get("traits"));
        latest(out, "users", common, common.get("user_id"), message.get("traits"));
      }
      case "group" -> {
        row(out, table, common, message.get("traits"));
        latest(out, "accounts", common, common.get("group_id"), message.get("traits"));
      }
      case "page", "screen" -> row(out, table, common, message.get("properties"));
      default -> row(out, table, common, null);
    }
    return null;
  }

  private static void row(RowSink out, String table, Common common, JsonNode properties) {
    out.row(table, false);
    common.replay(out);
    Flattener.flatten(properties, "", out);
  }

  /** users and accounts: keyed by the user's (group's) id, with the latest traits. */
  private static void latest(RowSink out, String table, Common common, Value id, JsonNode traits) {
    if (id == null) {
      return;
    }
    out.row(table, true);
    out.put("id", id);
    Value receivedAt = common.get("received_at");
    if (receivedAt != null) {
      out.put("received_at", receivedAt);
    }
    out.put("uuid_ts", common.get("uuid_ts"));
    // Segment's common columns stay reserved: a trait named user_id is discarded, as elsewhere.
    Flattener.flatten(
        traits,
        "",
        (column, value) -> {
          if (!BASE.contains(column)) {
            out.put(column, value);
          }
        });
  }

  /** A message's common values in order; the first of a name wins when replayed. */
  private static final class Common implements Sink {
    private final List<String> columns = new ArrayList<>(32);
    private final List<Value> values = new ArrayList<>(32);

    @Override
    public void put(String column, Value value) {
      columns.add(column);
      values.add(value);
    }

    Value get(String column) {
      int i = columns.indexOf(column);
      return i < 0 ? null : values.get(i);
    }

    void replay(Sink to) {
      for (int i = 0; i < columns.size(); i++) {
        to.put(columns.get(i), values.get(i));
      }
    }
  }

  private static void timestamp(Sink row, String column, JsonNode node) {
    String s = text(node);
    // A time the gateway could not parse is kept in the message but is no timestamp here.
    if (s != null && TypeInference.timestamp(s)) {
      row.put(column, new Value(ColumnType.TIMESTAMPTZ, s));
    }
  }

  private static void putText(Sink row, String column, JsonNode node) {
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
