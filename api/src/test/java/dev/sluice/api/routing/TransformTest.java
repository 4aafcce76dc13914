package dev.sluice.api.routing;

import static dev.sluice.api.routing.Routes.allow;
import static dev.sluice.api.routing.Routes.drop;
import static dev.sluice.api.routing.Routes.rename;
import static dev.sluice.api.routing.Routes.router;
import static dev.sluice.api.routing.Routes.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.TransformConfig;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransformTest {
  private static final String ORDER =
      "{'type':'track','event':'Order Completed','messageId':'m-1','userId':'u1',"
          + "'anonymousId':'a1','timestamp':'2026-01-01T00:00:00Z','receivedAt':'2026-01-01T00:00:01Z',"
          + "'context':{'ip':'1.2.3.4','page':{'url':'https://shop'}},"
          + "'properties':{'rev':12,'card_number':'4111','items':[1,2],'a.b':1,'nested':{'x':1,'y':2}}}";

  /** steps, expected message (JSON) */
  static Stream<Arguments> transforms() {
    return Stream.of(
        // drop
        Arguments.of(
            List.of(drop("context.ip", "properties.card_number")),
            "{'type':'track','event':'Order Completed','messageId':'m-1','userId':'u1',"
                + "'anonymousId':'a1','timestamp':'2026-01-01T00:00:00Z','receivedAt':'2026-01-01T00:00:01Z',"
                + "'context':{'page':{'url':'https://shop'}},"
                + "'properties':{'rev':12,'items':[1,2],'a.b':1,'nested':{'x':1,'y':2}}}"),
        Arguments.of(
            List.of(
                drop(
                    "context",
                    "properties.nested.x",
                    "missing",
                    "properties.rev.deeper",
                    "properties.items.0",
                    "properties.a\\.b")),
            "{'type':'track','event':'Order Completed','messageId':'m-1','userId':'u1',"
                + "'anonymousId':'a1','timestamp':'2026-01-01T00:00:00Z','receivedAt':'2026-01-01T00:00:01Z',"
                + "'properties':{'rev':12,'card_number':'4111','items':[1,2],'nested':{'y':2}}}"),
        // allow keeps the listed paths plus the type, identifiers and times
        Arguments.of(
            List.of(allow("properties.rev", "context.page.url", "missing.path")),
            "{'type':'track','event':'Order Completed','messageId':'m-1','userId':'u1',"
                + "'anonymousId':'a1','timestamp':'2026-01-01T00:00:00Z','receivedAt':'2026-01-01T00:00:01Z',"
                + "'context':{'page':{'url':'https://shop'}},'properties':{'rev':12}}"),
        Arguments.of(
            List.of(allow("properties.nested", "properties.nested.x", "properties.a\\.b")),
            "{'type':'track','event':'Order Completed','messageId':'m-1','userId':'u1',"
                + "'anonymousId':'a1','timestamp':'2026-01-01T00:00:00Z','receivedAt':'2026-01-01T00:00:01Z',"
                + "'properties':{'nested':{'x':1,'y':2},'a.b':1}}"),
        Arguments.of(
            List.of(allow()),
            "{'type':'track','event':'Order Completed','messageId':'m-1','userId':'u1',"
                + "'anonymousId':'a1','timestamp':'2026-01-01T00:00:00Z','receivedAt':'2026-01-01T00:00:01Z'}"),
        // rename moves, creating intermediate objects; a missing source is a no-op
        Arguments.of(
            List.of(
                rename(
                    "properties.rev",
                    "properties.revenue",
                    "context.ip",
                    "traits.geo.ip",
                    "properties.nope",
                    "properties.other"),
                drop("properties", "context")),
            "{'type':'track','event':'Order Completed','messageId':'m-1','userId':'u1',"
                + "'anonymousId':'a1','timestamp':'2026-01-01T00:00:00Z','receivedAt':'2026-01-01T00:00:01Z',"
                + "'traits':{'geo':{'ip':'1.2.3.4'}}}"),
        Arguments.of(
            List.of(rename("properties.nested", "nested"), allow("nested.y")),
            "{'type':'track','event':'Order Completed','messageId':'m-1','userId':'u1',"
                + "'anonymousId':'a1','timestamp':'2026-01-01T00:00:00Z','receivedAt':'2026-01-01T00:00:01Z',"
                + "'nested':{'y':2}}"),
        // set: CEL over the message as it is at that step; any JSON value
        Arguments.of(
            List.of(
                rename("properties.rev", "properties.revenue"),
                set(
                    "properties.total", "message.properties.revenue * 2",
                    "properties.currency", "'USD'",
                    "properties.half", "double(message.properties.revenue) / 2.0",
                    "properties.flags", "[true, null, 'x']",
                    "properties.copy", "message.properties.nested",
                    "properties.upper", "message.event.upperAscii()",
                    "meta.size", "size(message.properties)",
                    "properties.items", "message.properties.items.map(i, i * 10)",
                    "properties.obj", "{'k': 1, 'm': {'n': 2.5}}"),
                allow("properties", "meta")),
            "{'type':'track','event':'Order Completed','messageId':'m-1','userId':'u1',"
                + "'anonymousId':'a1','timestamp':'2026-01-01T00:00:00Z','receivedAt':'2026-01-01T00:00:01Z',"
                + "'properties':{'card_number':'4111','items':[10,20],'a.b':1,'nested':{'x':1,'y':2},"
                + "'revenue':12,'total':24,'currency':'USD','half':6.0,'flags':[true,null,'x'],"
                + "'copy':{'x':1,'y':2},'upper':'ORDER COMPLETED','obj':{'k':1,'m':{'n':2.5}}},"
                + "'meta':{'size':5}}"),
        // within one set step, every expression sees the message before the step
        Arguments.of(
            List.of(
                set("properties.rev", "100", "properties.seen", "message.properties.rev"),
                set("properties.after", "message.properties.rev"),
                allow("properties.rev", "properties.seen", "properties.after")),
            "{'type':'track','event':'Order Completed','messageId':'m-1','userId':'u1',"
                + "'anonymousId':'a1','timestamp':'2026-01-01T00:00:00Z','receivedAt':'2026-01-01T00:00:01Z',"
                + "'properties':{'rev':100,'seen':12,'after':100}}"),
        // order of steps matters: drop then set vs set then drop
        Arguments.of(
            List.of(drop("properties"), set("properties.x", "1"), allow("properties")),
            "{'type':'track','event':'Order Completed','messageId':'m-1','userId':'u1',"
                + "'anonymousId':'a1','timestamp':'2026-01-01T00:00:00Z','receivedAt':'2026-01-01T00:00:01Z',"
                + "'properties':{'x':1}}"),
        Arguments.of(
            List.of(set("properties.x", "1"), drop("properties"), allow("properties")),
            "{'type':'track','event':'Order Completed','messageId':'m-1','userId':'u1',"
                + "'anonymousId':'a1','timestamp':'2026-01-01T00:00:00Z','receivedAt':'2026-01-01T00:00:01Z'}"),
        // a dotted key, escaped
        Arguments.of(
            List.of(
                set("properties.c\\.d", "message.properties['a.b'] + 1"),
                allow("properties.c\\.d")),
            "{'type':'track','event':'Order Completed','messageId':'m-1','userId':'u1',"
                + "'anonymousId':'a1','timestamp':'2026-01-01T00:00:00Z','receivedAt':'2026-01-01T00:00:01Z',"
                + "'properties':{'c.d':2}}"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("transforms")
  void transformsApplyInOrderToACopy(List<TransformConfig> steps, String expected) {
    ObjectNode input = Json.object(ORDER);
    ObjectNode before = input.deepCopy();
    RouteOutcome outcome = router(null, steps.toArray(TransformConfig[]::new)).route(input);
    assertThat(outcome).isInstanceOf(RouteOutcome.Pass.class);
    assertThat(((RouteOutcome.Pass) outcome).message()).isEqualTo(Json.object(expected));
    assertThat(input).as("the input is never changed").isEqualTo(before);
  }

  /** steps, text the detail must contain */
  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            List.of(set("properties.total", "message.properties.missing * 2")),
            "spec.transform[0] set properties.total: "),
        Arguments.of(
            List.of(drop("x"), set("properties.rev.deeper", "1")),
            "spec.transform[1] set properties.rev.deeper: cannot write properties.rev.deeper: "
                + "properties.rev is a number, not an object"),
        Arguments.of(
            List.of(rename("properties.rev", "properties.items.x")),
            "spec.transform[0] rename properties.rev: cannot write properties.items.x: "
                + "properties.items is an array, not an object"),
        Arguments.of(List.of(set("properties.bad", "1.0 / 0.0")), "is not a JSON number"),
        Arguments.of(List.of(set("properties.bad", "message.event + 1")), "set properties.bad: "));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("failures")
  void aTransformThatFailsFiltersTheMessage(List<TransformConfig> steps, String detail) {
    ObjectNode input = Json.object(ORDER);
    ObjectNode before = input.deepCopy();
    RouteOutcome outcome = router(null, steps.toArray(TransformConfig[]::new)).route(input);
    assertThat(outcome).isInstanceOf(RouteOutcome.Filtered.class);
    RouteOutcome.Filtered filtered = (RouteOutcome.Filtered) outcome;
    assertThat(filtered.reason()).isEqualTo(FilterReason.TRANSFORM_ERROR);
    assertThat(filtered.detail()).contains(detail);
    assertThat(input).isEqualTo(before);
  }

  @Test
  void oneMessageThroughSeveralRoutersStaysIntact() {
    ObjectNode input = Json.object(ORDER);
    ObjectNode before = input.deepCopy();
    ConnectionRouter first = router(null, drop("properties"), set("context.ip", "'0.0.0.0'"));
    ConnectionRouter second = router(null, rename("userId", "traits.id"));
    ObjectNode a = ((RouteOutcome.Pass) first.route(input)).message();
    ObjectNode b = ((RouteOutcome.Pass) second.route(input)).message();
    assertThat(input).isEqualTo(before);
    assertThat(a.has("properties")).isFalse();
    assertThat(a.at("/context/ip").asText()).isEqualTo("0.0.0.0");
    assertThat(b.at("/traits/id").asText()).isEqualTo("u1");
    assertThat(b.has("userId")).isFalse();
    assertThat(b.at("/properties/rev").asInt()).isEqualTo(12);
    // outputs share nothing with the input
    a.withObject("context").put("ip", "changed");
    assertThat(input).isEqualTo(before);
  }

  @Test
  void theOptionsReturnedAreACopy() {
    ObjectNode input = Json.object(ORDER);
    input.set("integrations", Json.object("{'Webhook':{'retries':2}}"));
    ObjectNode before = input.deepCopy();
    RouteOutcome.Pass pass = (RouteOutcome.Pass) router(null).route(input);
    ((ObjectNode) pass.integrationOptions()).put("retries", 9);
    assertThat(input).isEqualTo(before);
  }
}
