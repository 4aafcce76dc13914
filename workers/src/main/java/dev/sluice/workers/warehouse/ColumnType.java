package dev.sluice.workers.warehouse;

import java.util.Locale;

/** The column types Segment's warehouses infer, as PostgreSQL names them. */
public enum ColumnType {
  BOOLEAN("boolean"),
  BIGINT("bigint"),
  DOUBLE("double precision"),
  TIMESTAMPTZ("timestamp with time zone"),
  TEXT("text");

  private final String sql;

  ColumnType(String sql) {
    this.sql = sql;
  }

  public String sql() {
    return sql;
  }

  /**
   * The type a column of {@code information_schema.columns.data_type} takes values as. A column
   * someone changed by hand to another type is honoured as the nearest of ours (values are sent as
   * text and PostgreSQL casts them).
   */
  static ColumnType fromSql(String dataType) {
    int parameters = dataType.indexOf('(');
    String base = parameters < 0 ? dataType : dataType.substring(0, parameters).strip();
    return switch (base.toLowerCase(Locale.ROOT)) {
      case "boolean" -> BOOLEAN;
      case "bigint", "integer", "smallint" -> BIGINT;
      case "double precision", "real", "numeric" -> DOUBLE;
      case "timestamp with time zone", "timestamp without time zone" -> TIMESTAMPTZ;
      default -> TEXT;
    };
  }
}
