package dev.sluice.workers.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Names as Segment's warehouses spell them, made safe for PostgreSQL. */
class WarehouseNamesTest {

  @Test
  void eventNamesAndPropertiesBecomeSnakeCase() {
    assertThat(WarehouseNames.eventTable("Order Completed")).isEqualTo("order_completed");
    assertThat(WarehouseNames.column("accountType")).isEqualTo("account_type");
    assertThat(WarehouseNames.column("HTTPServerURL")).isEqualTo("http_server_url");
    assertThat(WarehouseNames.column("product_id_sku")).isEqualTo("product_id_sku");
    assertThat(WarehouseNames.column("  spaced -- out!! ")).isEqualTo("spaced_out");
    assertThat(WarehouseNames.column("v2Api")).isEqualTo("v2_api");
  }

  @Test
  void unicodeLettersStayAndAreLowerCased() {
    assertThat(WarehouseNames.eventTable("Bestellung Abgeschloßen"))
        .isEqualTo("bestellung_abgeschloßen");
    assertThat(WarehouseNames.column("Größe")).isEqualTo("größe");
    assertThat(WarehouseNames.eventTable("注文完了")).isEqualTo("注文完了");
  }

  @Test
  void reservedWordsAndLeadingDigitsGetAnUnderscore() {
    assertThat(WarehouseNames.column("select")).isEqualTo("_select");
    assertThat(WarehouseNames.column("Order")).isEqualTo("_order");
    assertThat(WarehouseNames.column("user")).isEqualTo("_user");
    assertThat(WarehouseNames.column("3d secure")).isEqualTo("_3d_secure");
    assertThat(WarehouseNames.eventTable("!!!")).isNull();
  }

  @Test
  void longNamesFitIn63BytesAndStayDistinct() {
    String a = "a".repeat(199) + "x";
    String b = "a".repeat(199) + "y";
    String fa = WarehouseNames.column(a);
    String fb = WarehouseNames.column(b);
    assertThat(fa.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
    assertThat(fa).isNotEqualTo(fb).startsWith("aaaa");
    String unicode = WarehouseNames.column("ä".repeat(200));
    assertThat(unicode.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
    assertThat(unicode).startsWith("ää");
  }

  @Test
  void sourcesBecomeSchemas() {
    assertThat(WarehouseNames.schema("web-shop")).isEqualTo("web_shop");
    assertThat(WarehouseNames.schema("iOS App")).isEqualTo("i_os_app");
  }
}
