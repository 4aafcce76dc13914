package dev.sluice.console.debugger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.message.MessageJson;
import dev.sluice.console.http.ApiException;
import org.junit.jupiter.api.Test;

class DebuggerFilterTest {
  private final ObjectNode order =
      message(
          "{\"type\":\"track\",\"event\":\"Order Completed\","
              + "\"properties\":{\"revenue\":42}}");
  private final ObjectNode page = message("{\"type\":\"page\",\"name\":\"Checkout\"}");

  @Test
  void typesEventTextAndCelAllHaveToMatch() {
    assertThat(DebuggerFilter.of("track, identify", null, null).test(order)).isTrue();
    assertThat(DebuggerFilter.of("identify", null, null).test(order)).isFalse();
    assertThat(DebuggerFilter.of(null, "order", null).test(order)).isTrue();
    assertThat(DebuggerFilter.of(null, "check", null).test(page)).isTrue();
    assertThat(DebuggerFilter.of(null, "refund", null).test(order)).isFalse();
    assertThat(DebuggerFilter.of(null, null, "message.properties.revenue > 10.5").test(order))
        .isTrue();
    assertThat(DebuggerFilter.of("track", "Order", "message.properties.revenue > 50").test(order))
        .isFalse();
  }

  @Test
  void aConditionThatFailsOnAMessageDoesNotMatchItAsInAConnection() {
    assertThat(DebuggerFilter.of(null, null, "message.properties.revenue > 1").test(page))
        .isFalse();
  }

  @Test
  void aRecordThatIsNotAnObjectShowsOnlyWithoutFilters() {
    assertThat(DebuggerFilter.of(null, null, null).test(null)).isTrue();
    assertThat(DebuggerFilter.of("track", null, null).test(null)).isFalse();
  }

  @Test
  void aConditionThatDoesNotCompileIsABadRequest() {
    assertThatThrownBy(() -> DebuggerFilter.of(null, null, "message.type =="))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("does not compile")
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(400);
  }

  private static ObjectNode message(String json) {
    try {
      return (ObjectNode) MessageJson.readTree(json.getBytes());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
