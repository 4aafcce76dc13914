package dev.sluice.api.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageConditionTest {
  private static final ObjectNode ORDER =
      Json.object(
          "{'type':'track','event':'Order Completed','userId':'u1',"
              + "'properties':{'revenue':12,'tax':1.5,'currency':'EUR','coupon':null,"
              + "'products':[{'sku':'A','price':5},{'sku':'B','price':7.5}],"
              + "'a.b':'dotted','big':12345678901234567890}}");

  static Stream<Arguments> conditions() {
    return Stream.of(
        // int and double compare across kinds
        Arguments.of("message.properties.revenue > 10", "matched"),
        Arguments.of("message.properties.revenue > 10.5", "matched"),
        Arguments.of("message.properties.revenue == 12", "matched"),
        Arguments.of("message.properties.revenue == 12.0", "matched"),
        Arguments.of("message.properties.tax > 1", "matched"),
        Arguments.of("message.properties.tax < 1", "not matched"),
        Arguments.of("double(message.properties.revenue) > 10.0", "matched"),
        Arguments.of("message.properties.revenue + 1 == 13", "matched"),
        Arguments.of("message.properties.big > 1", "matched"),
        // strings, extensions and macros
        Arguments.of("message.event.startsWith('Order')", "matched"),
        Arguments.of("message.event.lowerAscii() == 'order completed'", "matched"),
        Arguments.of("message.event.split(' ').size() == 2", "matched"),
        Arguments.of("message.properties.products.exists(p, p.sku == 'B')", "matched"),
        Arguments.of("message.properties.products.all(p, p.price > 6)", "not matched"),
        Arguments.of("message.properties.products.map(p, p.price).size() == 2", "matched"),
        Arguments.of("message.properties.products.filter(p, p.price > 6).size() == 1", "matched"),
        Arguments.of("message.properties['a.b'] == 'dotted'", "matched"),
        Arguments.of("'currency' in message.properties", "matched"),
        Arguments.of("message.properties.coupon == null", "matched"),
        Arguments.of("message.type in ['track', 'page']", "matched"),
        // missing keys: has() guards; reading them is an error, never a pass
        Arguments.of("has(message.properties.discount)", "not matched"),
        Arguments.of(
            "has(message.properties.discount) && message.properties.discount > 1", "not matched"),
        Arguments.of("message.properties.discount > 1", "failed"),
        Arguments.of("has(message.context.ip)", "failed"),
        Arguments.of("has(message.context) && has(message.context.ip)", "not matched"),
        // optional selection: a default instead of an error
        Arguments.of("message.?properties.?discount.orValue(0) > 1", "not matched"),
        Arguments.of("message.?properties.?revenue.orValue(0) > 1", "matched"),
        Arguments.of("message.?context.?ip.orValue('') == ''", "matched"),
        Arguments.of("message.context.ip == '1.2.3.4'", "failed"),
        Arguments.of("message.properties.currency > 1", "failed"),
        Arguments.of("dyn(message.properties.revenue)", "failed"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("conditions")
  void evaluatesOverTheMessage(String expression, String expected) throws Exception {
    ObjectNode before = ORDER.deepCopy();
    ConditionResult result = MessageCondition.compile(expression).evaluate(ORDER);
    String actual =
        result instanceof ConditionResult.Matched
            ? "matched"
            : result instanceof ConditionResult.NotMatched ? "not matched" : "failed";
    assertThat(actual).as(result.toString()).isEqualTo(expected);
    assertThat(ORDER).isEqualTo(before);
  }

  @Test
  void aMissingKeySaysWhichKey() throws Exception {
    ConditionResult result =
        MessageCondition.compile("message.properties.discount > 1").evaluate(ORDER);
    assertThat(result).isInstanceOf(ConditionResult.Failed.class);
    assertThat(((ConditionResult.Failed) result).error()).contains("discount");
    assertThat(result.matched()).isFalse();
  }

  @Test
  void aNonBoolDynamicResultFails() throws Exception {
    ConditionResult result = MessageCondition.compile("message.event").evaluate(ORDER);
    assertThat(result)
        .isEqualTo(new ConditionResult.Failed("the condition returned String, not a bool"));
  }

  @Test
  void compileErrorsCarryLineAndColumn() {
    assertThatThrownBy(() -> MessageCondition.compile("message.properties.revenue >"))
        .isInstanceOfSatisfying(
            RouteCompileException.class,
            e -> {
              assertThat(e.problems()).isNotEmpty();
              assertThat(e.problems().get(0).field()).isEqualTo("condition");
              assertThat(e.problems().get(0).message()).matches("1:\\d+: .+");
            });
  }

  @Test
  void aConditionThatIsNotABoolDoesNotCompile() {
    assertThatThrownBy(() -> MessageCondition.compile("1 + 2"))
        .isInstanceOfSatisfying(
            RouteCompileException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        new RouteProblem(
                            "condition", "the condition must return a bool, but it returns int")));
  }

  @Test
  void unknownVariablesDoNotCompile() {
    assertThatThrownBy(() -> MessageCondition.compile("event == 'x'"))
        .isInstanceOfSatisfying(
            RouteCompileException.class,
            e -> assertThat(e.problems().get(0).message()).startsWith("1:1: ").contains("event"));
  }
}
