package dev.sluice.workers.actions;

import dev.sluice.workers.delivery.SendResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime's per-event outcomes as one {@link SendResult}: 2xx delivered; 408, 423, 429, 5xx and
 * Segment's RetryableError retried; other statuses dead-lettered with the runtime's code and
 * message. A batch with any retryable event is retried whole (at least once, and in key order); a
 * batch with none settles each event on its own.
 */
final class Outcomes {
  private Outcomes() {}

  static SendResult of(JsonArray results, int expected) {
    if (results == null || results.size() != expected) {
      return new SendResult.Retryable(
          0,
          "the actions runtime answered "
              + (results == null ? "no" : results.size())
              + " outcomes for "
              + expected
              + " events",
          null);
    }
    List<SendResult> each = new ArrayList<>(expected);
    SendResult retry = null;
    boolean allDelivered = true;
    for (int i = 0; i < expected; i++) {
      SendResult r = one(results.getJsonObject(i));
      each.add(r);
      if (r instanceof SendResult.Retryable && retry == null) {
        retry = r;
      }
      allDelivered &= r instanceof SendResult.Delivered;
    }
    if (retry != null) {
      return retry;
    }
    if (allDelivered) {
      return SendResult.DELIVERED;
    }
    return expected == 1 ? each.get(0) : new SendResult.PerMessage(each);
  }

  static SendResult one(JsonObject result) {
    int status = result == null ? 0 : result.getInteger("status", 0);
    if (status >= 200 && status < 300) {
      return SendResult.DELIVERED;
    }
    String code = result == null ? "" : result.getString("code", "");
    String message = result == null ? "" : result.getString("message", "");
    String error = code + (message.isEmpty() ? "" : ": " + message);
    if (retryable(status, code)) {
      return new SendResult.Retryable(status, error, null);
    }
    return new SendResult.Rejected(status, error);
  }

  static boolean retryable(int status, String code) {
    return status == 408
        || status == 423
        || status == 429
        || status >= 500
        || status == 0
        || "RETRYABLE_ERROR".equals(code);
  }
}
