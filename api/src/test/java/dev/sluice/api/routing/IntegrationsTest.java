package dev.sluice.api.routing;

import static dev.sluice.api.routing.Routes.router;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Segment's integrations object, for a Destination whose integration name is "Webhook". */
class IntegrationsTest {

  /** integrations JSON (null = absent), passes, options JSON (null = none), detail */
  static Stream<Arguments> matrix() {
    return Stream.of(
        Arguments.of(null, true, null, null),
        Arguments.of("{}", true, null, null),
        Arguments.of("{'All':true}", true, null, null),
        Arguments.of("{'All':false}", false, null, "integrations.All is false"),
        Arguments.of("{'Webhook':true}", true, null, null),
        Arguments.of("{'Webhook':false}", false, null, "integrations.Webhook is false"),
        Arguments.of("{'All':false,'Webhook':true}", true, null, null),
        Arguments.of("{'All':true,'Webhook':false}", false, null, "integrations.Webhook is false"),
        Arguments.of("{'Webhook':{'retries':2}}", true, "{'retries':2}", null),
        Arguments.of("{'All':false,'Webhook':{'retries':2}}", true, "{'retries':2}", null),
        // case-sensitive: another spelling is another destination
        Arguments.of("{'webhook':false}", true, null, null),
        Arguments.of("{'All':false,'webhook':true}", false, null, "integrations.All is false"),
        // other destinations don't matter
        Arguments.of("{'Mixpanel':false,'Amplitude':true}", true, null, null),
        Arguments.of("{'All':false,'Mixpanel':true}", false, null, "integrations.All is false"),
        // values of other kinds count as absent
        Arguments.of("{'Webhook':null}", true, null, null),
        Arguments.of("{'Webhook':'yes','All':false}", false, null, "integrations.All is false"),
        Arguments.of("{'All':{'x':1}}", true, null, null),
        Arguments.of("{'All':'false'}", true, null, null));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("matrix")
  void destinationNameThenAllDecide(
      String integrations, boolean passes, String options, String detail) {
    ObjectNode message = Json.object("{'type':'track','event':'e','messageId':'m'}");
    if (integrations != null) {
      message.set("integrations", Json.object(integrations));
    }
    ObjectNode before = message.deepCopy();
    RouteOutcome outcome = router(null).route(message);
    assertThat(message).isEqualTo(before);
    if (passes) {
      assertThat(outcome).isInstanceOf(RouteOutcome.Pass.class);
      RouteOutcome.Pass pass = (RouteOutcome.Pass) outcome;
      assertThat(pass.integrationOptions())
          .isEqualTo(options == null ? null : Json.object(options));
    } else {
      assertThat(outcome).isInstanceOf(RouteOutcome.Filtered.class);
      RouteOutcome.Filtered filtered = (RouteOutcome.Filtered) outcome;
      assertThat(filtered.reason()).isEqualTo(FilterReason.INTEGRATIONS);
      assertThat(filtered.reason().label()).isEqualTo("integrations");
      assertThat(filtered.detail()).contains(detail);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("labels")
  void everyReasonHasItsMetricLabel(FilterReason reason, String label) {
    assertThat(reason.label()).isEqualTo(label);
  }

  static Stream<Arguments> labels() {
    return Stream.of(
        Arguments.of(FilterReason.DISABLED, "disabled"),
        Arguments.of(FilterReason.INTEGRATIONS, "integrations"),
        Arguments.of(FilterReason.TYPE, "type"),
        Arguments.of(FilterReason.EVENT, "event"),
        Arguments.of(FilterReason.SAMPLE, "sample"),
        Arguments.of(FilterReason.CONDITION_FALSE, "condition_false"),
        Arguments.of(FilterReason.CONDITION_ERROR, "condition_error"),
        Arguments.of(FilterReason.TRANSFORM_ERROR, "transform_error"));
  }
}
