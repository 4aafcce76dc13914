package dev.sluice.workers.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.workers.delivery.SendResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The runtime's per-event outcomes become what the pipeline does with a unit. */
class OutcomesTest {

  private static JsonObject result(int status, String code, String message) {
    return new JsonObject().put("status", status).put("code", code).put("message", message);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "200, OK, delivered",
    "204, OK, delivered",
    "408, REQUESTTIMEOUTERROR, retried",
    "423, HTTP_ERROR, retried",
    "429, HTTP_ERROR, retried",
    "500, HTTP_ERROR, retried",
    "503, ECONNREFUSED, retried",
    "400, RETRYABLE_ERROR, retried",
    "400, PAYLOAD_VALIDATION_FAILED, dead-lettered",
    "401, INVALID_AUTHENTICATION, dead-lettered",
    "404, HTTP_ERROR, dead-lettered"
  })
  void eachStatusAndCode(int status, String code, String expected) {
    SendResult r = Outcomes.one(result(status, code, "because"));
    String actual =
        r instanceof SendResult.Delivered
            ? "delivered"
            : r instanceof SendResult.Retryable ? "retried" : "dead-lettered";
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void aRejectionCarriesTheRuntimesCodeAndMessage() {
    assertThat(Outcomes.one(result(400, "HTTP_ERROR", "400 Bad Request: email is not valid")))
        .isEqualTo(new SendResult.Rejected(400, "HTTP_ERROR: 400 Bad Request: email is not valid"));
  }

  @Test
  void aBatchWithARetryableEventIsRetriedWhole() {
    JsonArray results =
        new JsonArray()
            .add(result(200, "OK", ""))
            .add(result(503, "HTTP_ERROR", "down"))
            .add(result(400, "HTTP_ERROR", "bad"));
    assertThat(Outcomes.of(results, 3)).isInstanceOf(SendResult.Retryable.class);
  }

  @Test
  void aBatchWithoutRetryableEventsSettlesEachOnItsOwn() {
    JsonArray results =
        new JsonArray().add(result(200, "OK", "")).add(result(400, "HTTP_ERROR", "bad"));
    assertThat(Outcomes.of(results, 2))
        .isEqualTo(
            new SendResult.PerMessage(
                java.util.List.of(
                    SendResult.DELIVERED, new SendResult.Rejected(400, "HTTP_ERROR: bad"))));
    assertThat(
            Outcomes.of(new JsonArray().add(result(200, "OK", "")).add(result(201, "OK", "")), 2))
        .isEqualTo(SendResult.DELIVERED);
  }

  @Test
  void anAnswerOfTheWrongLengthIsRetried() {
    assertThat(Outcomes.of(new JsonArray().add(result(200, "OK", "")), 2))
        .isInstanceOf(SendResult.Retryable.class);
    assertThat(Outcomes.of(null, 1)).isInstanceOf(SendResult.Retryable.class);
  }
}
