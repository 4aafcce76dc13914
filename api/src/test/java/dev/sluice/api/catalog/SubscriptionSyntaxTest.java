package dev.sluice.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Segment's subscription syntax, checked as its own parser accepts it. */
class SubscriptionSyntaxTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "type = \"track\"",
        "type = \"track\" and event = \"Order Completed\"",
        "type = \"track\" and event != \"Order Completed\"",
        "type = \"identify\" or type = \"group\"",
        "(type = \"track\" or type = \"page\") and properties.revenue > 10",
        "properties.plan = null",
        "traits.email != null",
        "context.device.type = \"ios\"",
        "contains(event, \"Order\")",
        "!contains(event, \"Test\") and match(event, \"Product*\")",
        "userId = \"u\\\"1\"",
        "properties.count >= -1.5",
        "type = \"track\" and properties.is_test = false",
        "type = \"track\" AND event = \"Product Added\"",
        "type = track or type = page"
      })
  void parses(String subscription) {
    assertThat(SubscriptionSyntax.check(subscription)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                    | a subscription is required",
        "type                                  | expected an operator",
        "type = (                              | expected a value",
        "type == \"track\"                     | use = rather than ==",
        "type = \"track\" and                  | expected a field",
        "kind = \"track\"                      | expected a field",
        "type = \"track\" also event = \"x\"   | expected end of the subscription",
        "(type = \"track\"                     | expected )",
        "contains(event \"x\")                 | expected ,",
        "event = \"unterminated                | is not closed",
        "type = \"track\" ; drop               | unexpected character ';'"
      })
  void refuses(String subscription, String problem) {
    assertThat(SubscriptionSyntax.check(subscription))
        .hasValueSatisfying(p -> assertThat(p).contains(problem));
  }
}
