package dev.sluice.api.routing;

import static dev.sluice.api.routing.Routes.condition;
import static dev.sluice.api.routing.Routes.exclude;
import static dev.sluice.api.routing.Routes.include;
import static dev.sluice.api.routing.Routes.router;
import static dev.sluice.api.routing.Routes.sample;
import static dev.sluice.api.routing.Routes.types;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.FilterConfig;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterTest {
  private static final String TRACK =
      "{'type':'track','event':'Order Completed','messageId':'m-1','userId':'u1',"
          + "'properties':{'revenue':12.5,'currency':'EUR'}}";
  private static final String PAGE = "{'type':'page','name':'Home','messageId':'m-2'}";
  private static final String IDENTIFY =
      "{'type':'identify','messageId':'m-3','traits':{'plan':'pro'}}";

  /** filter, message, expected reason (null = passes), text the detail must contain */
  static Stream<Arguments> stages() {
    return Stream.of(
        Arguments.of(null, TRACK, null, null),
        Arguments.of(new FilterConfig(null, null, null, null), TRACK, null, null),
        // types
        Arguments.of(types("track"), TRACK, null, null),
        Arguments.of(types("track", "page"), PAGE, null, null),
        Arguments.of(types("track"), IDENTIFY, FilterReason.TYPE, "type identify is not in"),
        Arguments.of(types("track"), "{'event':'x'}", FilterReason.TYPE, "has no type"),
        // events: only track messages have an event name
        Arguments.of(include("Order Completed"), TRACK, null, null),
        Arguments.of(include("Order *"), TRACK, null, null),
        Arguments.of(include("Signed Up"), TRACK, FilterReason.EVENT, "'Order Completed' is not"),
        Arguments.of(include("Signed Up"), PAGE, null, null),
        Arguments.of(
            include("Order Completed"), "{'type':'track'}", FilterReason.EVENT, "no event"),
        Arguments.of(
            exclude("Order Completed"), TRACK, FilterReason.EVENT, "matches events.exclude"),
        Arguments.of(exclude("*Completed"), TRACK, FilterReason.EVENT, "'*Completed'"),
        Arguments.of(exclude("Signed Up"), TRACK, null, null),
        Arguments.of(exclude("*"), IDENTIFY, null, null),
        Arguments.of(exclude("Order Completed"), "{'type':'track'}", null, null),
        Arguments.of(
            new FilterConfig(
                null, new FilterConfig.EventNames(List.of(), List.of("Debug*")), null, null),
            TRACK,
            null,
            null),
        // sampling
        Arguments.of(sample(100), TRACK, null, null),
        Arguments.of(sample(0), TRACK, FilterReason.SAMPLE, "not in the 0% sample"),
        // condition
        Arguments.of(condition("message.properties.revenue > 10"), TRACK, null, null),
        Arguments.of(
            condition("message.properties.revenue > 20"),
            TRACK,
            FilterReason.CONDITION_FALSE,
            "filter.condition is false"),
        Arguments.of(
            condition("message.properties.discount > 1"),
            TRACK,
            FilterReason.CONDITION_ERROR,
            "key 'discount' is not present in map. (guard fields a message may lack with has("),
        Arguments.of(
            condition("message.properties.currency > 1"),
            TRACK,
            FilterReason.CONDITION_ERROR,
            "filter.condition failed: "),
        Arguments.of(
            condition("has(message.properties.discount) && message.properties.discount > 1"),
            TRACK,
            FilterReason.CONDITION_FALSE,
            "is false"),
        // stages run in order: the first that fails names the reason
        Arguments.of(
            new FilterConfig(
                List.of("page"),
                new FilterConfig.EventNames(List.of("Nope"), null),
                "message.properties.nope",
                0),
            TRACK,
            FilterReason.TYPE,
            "filter.types [page]"),
        Arguments.of(
            types("page", "identify", "screen", "group"),
            TRACK,
            FilterReason.TYPE,
            "type track is not in filter.types [page, identify, screen, group]"),
        Arguments.of(
            new FilterConfig(
                List.of("track"), new FilterConfig.EventNames(List.of("Nope"), null), "false", 0),
            TRACK,
            FilterReason.EVENT,
            "events.include"),
        Arguments.of(
            new FilterConfig(
                List.of("track"), new FilterConfig.EventNames(List.of("Order*"), null), "false", 0),
            TRACK,
            FilterReason.SAMPLE,
            "sample"),
        Arguments.of(
            new FilterConfig(
                List.of("track"),
                new FilterConfig.EventNames(List.of("Order*"), null),
                "false",
                100),
            TRACK,
            FilterReason.CONDITION_FALSE,
            "condition"));
  }

  @ParameterizedTest(name = "[{index}] {0} on {1} -> {2}")
  @MethodSource("stages")
  void eachStagePassesOrNamesItsReason(
      FilterConfig filter, String message, FilterReason reason, String detail) {
    ObjectNode input = Json.object(message);
    RouteOutcome outcome = router(filter).route(input);
    // The copy-free check the workers use when a Connection has no transforms agrees with route.
    assertThat(router(filter).filter(input))
        .isEqualTo(outcome instanceof RouteOutcome.Filtered f ? f : null);
    if (reason == null) {
      assertThat(outcome).isInstanceOf(RouteOutcome.Pass.class);
      assertThat(((RouteOutcome.Pass) outcome).message()).isEqualTo(input).isNotSameAs(input);
    } else {
      assertThat(outcome).isInstanceOf(RouteOutcome.Filtered.class);
      RouteOutcome.Filtered filtered = (RouteOutcome.Filtered) outcome;
      assertThat(filtered.reason()).isEqualTo(reason);
      assertThat(filtered.detail()).contains(detail);
    }
  }

  @Test
  void aDisabledConnectionFiltersEverything() {
    RouteOutcome outcome = router(false, null).route(Json.object(TRACK));
    assertThat(outcome)
        .isEqualTo(
            new RouteOutcome.Filtered(
                FilterReason.DISABLED, "connection shop-to-hook is disabled"));
  }

  /** glob, event, matches */
  static Stream<Arguments> globs() {
    return Stream.of(
        Arguments.of("Order Completed", "Order Completed", true),
        Arguments.of("Order Completed", "order completed", false),
        Arguments.of("Order *", "Order Completed", true),
        Arguments.of("Order *", "Order ", true),
        Arguments.of("Order *", "Order", false),
        Arguments.of("*", "", true),
        Arguments.of("*", "anything at all", true),
        Arguments.of("Order ?", "Order A", true),
        Arguments.of("Order ?", "Order AB", false),
        Arguments.of("*Viewed", "Product Viewed", true),
        Arguments.of("*Viewed", "Product Viewed Twice", false),
        Arguments.of("Product*Viewed", "Product List Viewed", true),
        Arguments.of("a.b", "a.b", true),
        Arguments.of("a.b", "axb", false),
        Arguments.of("a.*", "axb", false),
        Arguments.of("a.*", "a.b", true),
        Arguments.of("(x)+[y]$^|{2}", "(x)+[y]$^|{2}", true),
        Arguments.of("(x)*", "(x)yz", true),
        Arguments.of("\\*", "*", true),
        Arguments.of("\\*", "x", false),
        Arguments.of("What\\?*", "What? Now", true),
        Arguments.of("What\\?*", "Whatx Now", false),
        Arguments.of("line*", "line1\nline2", true));
  }

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @MethodSource("globs")
  void includeAndExcludeMatchGlobs(String glob, String event, boolean matches) {
    ObjectNode message = Json.object("{'type':'track','messageId':'m'}");
    message.put("event", event);
    assertThat(router(include(glob)).route(message) instanceof RouteOutcome.Pass)
        .as("include")
        .isEqualTo(matches);
    assertThat(router(exclude(glob)).route(message) instanceof RouteOutcome.Pass)
        .as("exclude")
        .isEqualTo(!matches);
  }

  @Test
  void samplingIsDeterministicByMessageIdAndKeepsRoughlyItsShare() {
    ConnectionRouter router = router(sample(25));
    int kept = 0;
    for (int i = 0; i < 10_000; i++) {
      ObjectNode message = Json.object(TRACK);
      message.put("messageId", "msg-" + i);
      boolean passes = router.route(message) instanceof RouteOutcome.Pass;
      // the same id always gets the same decision, whatever else the message holds
      message.put("userId", "someone-else");
      assertThat(router.route(message) instanceof RouteOutcome.Pass).isEqualTo(passes);
      assertThat(router(sample(25)).route(message) instanceof RouteOutcome.Pass).isEqualTo(passes);
      if (passes) {
        kept++;
      }
    }
    // 25% of 10,000: binomial sd is ~43, so +-300 is about 7 sd
    assertThat(kept).isBetween(2_200, 2_800);
  }

  @Test
  void samplingDecisionsNestAsThePercentGrows() {
    // a message kept at 10% is kept at every higher percent: raising the rate only adds messages
    for (int i = 0; i < 2_000; i++) {
      String id = "id-" + i;
      int bucket = Sampler.bucket(id);
      assertThat(bucket).isBetween(0, 9_999);
      assertThat(new Sampler(10).keeps(id)).isEqualTo(bucket < 1_000);
      if (new Sampler(10).keeps(id)) {
        assertThat(new Sampler(50).keeps(id)).isTrue();
      }
    }
    assertThat(Sampler.bucket("msg-1")).isEqualTo(Sampler.bucket("msg-1"));
  }

  @Test
  void aMessageWithoutMessageIdIsSampledByItsContent() {
    ConnectionRouter router = router(sample(50));
    int kept = 0;
    for (int i = 0; i < 200; i++) {
      ObjectNode message = Json.object("{'type':'track','event':'e'}");
      message.put("n", i);
      RouteOutcome first = router.route(message);
      assertThat(router.route(message).getClass()).isEqualTo(first.getClass());
      if (first instanceof RouteOutcome.Pass) {
        kept++;
      }
    }
    assertThat(kept).isBetween(50, 150);
  }
}
