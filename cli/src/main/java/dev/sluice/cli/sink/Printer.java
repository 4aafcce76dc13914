package dev.sluice.cli.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.message.MessageJson;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

/** Prints each delivery: one header line, then the body as indented JSON when it is JSON. */
final class Printer implements Consumer<WebhookReceiver.Delivery> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
  private final PrintWriter out;
  private long count;

  Printer(PrintWriter out) {
    this.out = out;
  }

  @Override
  public synchronized void accept(WebhookReceiver.Delivery delivery) {
    count++;
    out.println(
        "── #"
            + count
            + " "
            + TIME.format(delivery.receivedAt())
            + " "
            + delivery.method()
            + " "
            + delivery.path()
            + " ("
            + delivery.body().length()
            + " bytes"
            + signature(delivery.signature())
            + ")");
    out.println(pretty(delivery.body()));
    out.flush();
  }

  private static String signature(WebhookReceiver.Signature signature) {
    return switch (signature) {
      case NOT_CHECKED -> "";
      case VALID -> ", signature valid";
      case MISSING -> ", X-Signature MISSING: answered 401";
      case INVALID -> ", X-Signature INVALID: answered 401";
    };
  }

  private static String pretty(String body) {
    if (body.isEmpty()) {
      return "(empty body)";
    }
    try {
      // The message configuration keeps numbers as they arrived: 19.990 stays 19.990.
      JsonNode node = MessageJson.readTree(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return node == null
          ? body
          : MessageJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (Exception e) {
      return body;
    }
  }
}
