package dev.sluice.workers.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.api.config.DestinationSettings;
import dev.sluice.api.message.MessageJson;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Settings, pools and queries for tests against a real PostgreSQL. */
public final class Warehouses {
  private Warehouses() {}

  public static DestinationSettings.Warehouse settings(String url, int maxEvents, Duration wait) {
    return new DestinationSettings.Warehouse(
        url, "postgres", null, Map.of(), maxEvents, 16 << 20, wait, 4, 1000);
  }

  public static HikariDataSource pool(String url) {
    return new HikariDataSource(
        WarehouseConnector.poolConfig(settings(url, 1000, Duration.ofSeconds(1)), "test"));
  }

  public static byte[] bytes(JsonNode node) {
    return MessageJson.write(node);
  }

  /** Rows of a query as maps of column to value (as JDBC returns them). */
  public static List<Map<String, Object>> query(HikariDataSource pool, String sql) {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<Map<String, Object>> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
          row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static long count(HikariDataSource pool, String sql) {
    return ((Number) query(pool, sql).get(0).values().iterator().next()).longValue();
  }

  /** Column name to PostgreSQL type name, for one table. */
  public static Map<String, String> columns(HikariDataSource pool, String schema, String table) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map<String, Object> r :
        query(
            pool,
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '"
                + schema.replace("'", "''")
                + "' AND table_name = '"
                + table.replace("'", "''")
                + "' ORDER BY ordinal_position")) {
      out.put((String) r.get("column_name"), (String) r.get("data_type"));
    }
    return out;
  }
}
