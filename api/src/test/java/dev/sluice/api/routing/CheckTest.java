package dev.sluice.api.routing;

import static dev.sluice.api.routing.Routes.allow;
import static dev.sluice.api.routing.Routes.drop;
import static dev.sluice.api.routing.Routes.rename;
import static dev.sluice.api.routing.Routes.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.config.ConnectionConfig;
import dev.sluice.api.config.FilterConfig;
import dev.sluice.api.config.TransformConfig;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CheckTest {

  /** filter, steps, expected field, text the message must match (regex) */
  static Stream<Arguments> problems() {
    return Stream.of(
        Arguments.of(
            new FilterConfig(List.of("track", "Track", "click"), null, null, null),
            List.of(),
            List.of(
                new RouteProblem(
                    "spec.filter.types[1]",
                    "unknown message type 'Track'; expected one of track, identify, page, screen,"
                        + " group, alias"),
                new RouteProblem(
                    "spec.filter.types[2]",
                    "unknown message type 'click'; expected one of track, identify, page, screen,"
                        + " group, alias"))),
        Arguments.of(
            new FilterConfig(null, null, null, 101),
            List.of(),
            List.of(
                new RouteProblem(
                    "spec.filter.samplePercent", "must be between 0 and 100, not 101"))),
        Arguments.of(
            new FilterConfig(null, null, null, -1),
            List.of(),
            List.of(
                new RouteProblem(
                    "spec.filter.samplePercent", "must be between 0 and 100, not -1"))),
        Arguments.of(
            new FilterConfig(
                null, new FilterConfig.EventNames(List.of("a"), List.of("b")), null, null),
            List.of(),
            List.of(
                new RouteProblem(
                    "spec.filter.events",
                    "set include or exclude, not both (include already drops the rest)"))),
        Arguments.of(
            new FilterConfig(
                null,
                new FilterConfig.EventNames(List.of("ok*", "", "bad\\", "bad\\x"), null),
                null,
                null),
            List.of(),
            List.of(
                new RouteProblem(
                    "spec.filter.events.include[1]", "an event name or pattern must not be empty"),
                new RouteProblem(
                    "spec.filter.events.include[2]",
                    "pattern 'bad\\' ends with a lone backslash; write \\\\ for a backslash"),
                new RouteProblem(
                    "spec.filter.events.include[3]",
                    "pattern 'bad\\x' escapes 'x'; only \\*, \\? and \\\\ are escapes"))),
        Arguments.of(
            new FilterConfig(null, null, "size(message.properties) > 'ten'", null),
            List.of(),
            List.of(
                new RouteProblem(
                    "spec.filter.condition",
                    "1:26: found no matching overload for '_>_' applied to '(int, string)' (candidates: "
                        + "(bool, bool),(int, int),(uint, uint),(double, double),(string, string),"
                        + "(bytes, bytes),(google.protobuf.Timestamp, google.protobuf.Timestamp),"
                        + "(google.protobuf.Duration, google.protobuf.Duration),(int, uint),"
                        + "(uint, int),(int, double),(double, int),(uint, double),(double, uint))"))),
        Arguments.of(
            new FilterConfig(null, null, "1 + 1", null),
            List.of(),
            List.of(
                new RouteProblem(
                    "spec.filter.condition",
                    "the condition must return a bool, but it returns int"))),
        Arguments.of(
            new FilterConfig(null, null, " ", null),
            List.of(),
            List.of(new RouteProblem("spec.filter.condition", "the CEL expression is empty"))),
        Arguments.of(
            null,
            List.of(
                new TransformConfig(null, null, null, null),
                new TransformConfig(List.of("a"), null, null, java.util.Map.of("b", "1"))),
            List.of(
                new RouteProblem(
                    "spec.transform[0]",
                    "a transform step needs exactly one of drop, allow, rename, set; it has none"),
                new RouteProblem(
                    "spec.transform[1]",
                    "a transform step needs exactly one of drop, allow, rename, set; it has drop"
                        + " and set"))),
        Arguments.of(
            null,
            List.of(drop("ok", "a..b", ".a", "a."), allow(""), rename("a", "b.", "c\\", "d")),
            List.of(
                new RouteProblem(
                    "spec.transform[0].drop[1]",
                    "path 'a..b' has an empty key (a leading, trailing or doubled dot)"),
                new RouteProblem(
                    "spec.transform[0].drop[2]",
                    "path '.a' has an empty key (a leading, trailing or doubled dot)"),
                new RouteProblem(
                    "spec.transform[0].drop[3]",
                    "path 'a.' has an empty key (a leading, trailing or doubled dot)"),
                new RouteProblem("spec.transform[1].allow[0]", "the path is empty"),
                new RouteProblem(
                    "spec.transform[2].rename[a]",
                    "path 'b.' has an empty key (a leading, trailing or doubled dot)"),
                new RouteProblem(
                    "spec.transform[2].rename[c\\]",
                    "path 'c\\' ends with a lone backslash; write \\\\ for a backslash"))),
        Arguments.of(
            null,
            List.of(
                drop("x"),
                set("properties.ok", "1", "", "2", "properties.total", "message.properties.\n  ]")),
            List.of(
                new RouteProblem("spec.transform[1].set[]", "the path is empty"),
                new RouteProblem(
                    "spec.transform[1].set[properties.total]",
                    "2:3: no viable alternative at input '.\\n  ]'"))),
        Arguments.of(
            null,
            List.of(set("properties.total", "nope + 1")),
            List.of(
                new RouteProblem(
                    "spec.transform[0].set[properties.total]",
                    "1:1: undeclared reference to 'nope' (in container '')"))));
  }

  @ParameterizedTest(name = "[{index}] {2}")
  @MethodSource("problems")
  void checkFindsEveryProblemWithItsField(
      FilterConfig filter, List<TransformConfig> steps, List<RouteProblem> expected) {
    assertThat(ConnectionRouter.check(filter, steps)).containsExactlyElementsOf(expected);
    ConnectionConfig config = new ConnectionConfig("c", "s", "t", true, filter, steps, "latest");
    assertThatThrownBy(() -> ConnectionRouter.compile(config, "Webhook"))
        .isInstanceOfSatisfying(
            RouteCompileException.class,
            e -> {
              assertThat(e.problems()).containsExactlyElementsOf(expected);
              assertThat(e.getMessage()).contains(expected.get(0).field());
            });
  }

  @Test
  void everyProblemOfOneConnectionIsReportedAtOnce() {
    List<RouteProblem> problems =
        ConnectionRouter.check(
            new FilterConfig(List.of("nope"), null, "message.x +", 200),
            Arrays.asList(drop(".."), set("a", "1 +")));
    assertThat(problems)
        .extracting(RouteProblem::field)
        .containsExactly(
            "spec.filter.types[0]",
            "spec.filter.samplePercent",
            "spec.filter.condition",
            "spec.transform[0].drop[0]",
            "spec.transform[1].set[a]");
  }

  @Test
  void aGoodConnectionHasNoProblems() {
    assertThat(
            ConnectionRouter.check(
                new FilterConfig(
                    List.of("track", "page"),
                    new FilterConfig.EventNames(List.of("Order *", "Signed Up"), null),
                    "has(message.properties.revenue) && message.properties.revenue > 10",
                    50),
                List.of(
                    drop("context.ip"),
                    allow("properties", "context"),
                    rename("properties.rev", "properties.revenue"),
                    set("properties.currency", "'USD'"))))
        .isEmpty();
    assertThat(ConnectionRouter.check(null, null)).isEmpty();
  }
}
