package dev.sluice.workers.warehouse;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * Table, column and schema names as Segment's warehouses spell them: snake_case (CamelCase split
 * like go-snakecase, anything not a letter or digit becomes one underscore), then made safe for
 * PostgreSQL: never empty, never starting with a digit, never a reserved word (those get a leading
 * underscore), and at most 63 bytes (longer names keep a prefix and a hash of the whole, so two
 * long names that share their first 63 bytes stay two columns).
 */
public final class WarehouseNames {
  /** PostgreSQL's NAMEDATALEN - 1: longer identifiers are silently truncated. */
  static final int MAX_BYTES = 63;

  /** PostgreSQL's reserved key words (reserved, and reserved but allowed as function or type). */
  private static final Set<String> RESERVED =
      Set.of(
          "all",
          "analyse",
          "analyze",
          "and",
          "any",
          "array",
          "as",
          "asc",
          "asymmetric",
          "authorization",
          "binary",
          "both",
          "case",
          "cast",
          "check",
          "collate",
          "collation",
          "column",
          "concurrently",
          "constraint",
          "create",
          "cross",
          "current_catalog",
          "current_date",
          "current_role",
          "current_schema",
          "current_time",
          "current_timestamp",
          "current_user",
          "default",
          "deferrable",
          "desc",
          "distinct",
          "do",
          "else",
          "end",
          "except",
          "false",
          "fetch",
          "for",
          "foreign",
          "freeze",
          "from",
          "full",
          "grant",
          "group",
          "having",
          "ilike",
          "in",
          "initially",
          "inner",
          "intersect",
          "into",
          "is",
          "isnull",
          "join",
          "lateral",
          "leading",
          "left",
          "like",
          "limit",
          "localtime",
          "localtimestamp",
          "natural",
          "not",
          "notnull",
          "null",
          "offset",
          "on",
          "only",
          "or",
          "order",
          "outer",
          "overlaps",
          "placing",
          "primary",
          "references",
          "returning",
          "right",
          "select",
          "session_user",
          "similar",
          "some",
          "symmetric",
          "system_user",
          "table",
          "tablesample",
          "then",
          "to",
          "trailing",
          "true",
          "union",
          "unique",
          "user",
          "using",
          "variadic",
          "verbose",
          "when",
          "where",
          "window",
          "with");

  /**
   * Names seen again and again (every message has the same few dozen paths) are computed once; the
   * cache stops growing at its bound so that unbounded property spaces cannot exhaust memory.
   */
  private static final int CACHE_MAX = 50_000;

  private static final Map<String, String> COLUMNS = new ConcurrentHashMap<>();

  private WarehouseNames() {}

  /**
   * {@code Order Completed} to {@code order_completed}, {@code accountType} to {@code
   * account_type}.
   */
  public static String snake(String name) {
    StringBuilder out = new StringBuilder(name.length() + 8);
    int[] cps = name.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (!Character.isLetterOrDigit(c)) {
        separate(out);
        continue;
      }
      if (Character.isUpperCase(c) && i > 0) {
        int prev = cps[i - 1];
        boolean nextLower = i + 1 < cps.length && Character.isLowerCase(cps[i + 1]);
        // fooBar -> foo_bar; HTTPServer -> http_server; v2Api -> v2_api
        if (Character.isLowerCase(prev)
            || Character.isDigit(prev)
            || (Character.isUpperCase(prev) && nextLower)) {
          separate(out);
        }
      }
      out.appendCodePoint(Character.toLowerCase(c));
    }
    int end = out.length();
    while (end > 0 && out.charAt(end - 1) == '_') {
      end--;
    }
    int start = 0;
    while (start < end && out.charAt(start) == '_') {
      start++;
    }
    return out.substring(start, end);
  }

  private static void separate(StringBuilder out) {
    if (out.length() > 0 && out.charAt(out.length() - 1) != '_') {
      out.append('_');
    }
  }

  /** A snake_case name made safe as an identifier; {@code fallback} when nothing is left. */
  public static String safe(String snake, String fallback) {
    String name = snake.isEmpty() ? fallback : snake;
    if (Character.isDigit(name.charAt(0)) || RESERVED.contains(name)) {
      name = "_" + name;
    }
    return fit(name);
  }

  /** The column for a property, trait or context path already joined with underscores. */
  public static String column(String joined) {
    String cached = COLUMNS.get(joined);
    if (cached != null) {
      return cached;
    }
    String name = safe(snake(joined), "_");
    if (COLUMNS.size() < CACHE_MAX) {
      COLUMNS.put(joined, name);
    }
    return name;
  }

  /** The table of a track event, or null when the name has no letter or digit. */
  public static String eventTable(String event) {
    String snake = snake(event);
    return snake.isEmpty() ? null : safe(snake, "_");
  }

  /** The schema a Source loads into unless configured. */
  public static String schema(String source) {
    return safe(snake(source), "sluice");
  }

  /** At most 63 UTF-8 bytes; a longer name keeps a prefix and gets a hash of the whole. */
  static String fit(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_BYTES) {
      return name;
    }
    CRC32 crc = new CRC32();
    crc.update(bytes);
    String suffix = String.format(Locale.ROOT, "_%08x", crc.getValue());
    int budget = MAX_BYTES - suffix.length();
    StringBuilder prefix = new StringBuilder();
    int used = 0;
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (used + size > budget) {
        break;
      }
      prefix.appendCodePoint(cp);
      used += size;
      i += Character.charCount(cp);
    }
    return prefix + suffix;
  }

  /** A double-quoted identifier (names are already safe; quoting keeps unicode and case exact). */
  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  static String qualified(String schema, String table) {
    return quote(schema) + "." + quote(table);
  }
}
