package dev.sluice.cli.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code sluice sink} prints numbers as they arrived (issue 12): no rounding, no Infinity. */
class PrinterTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "1E+400",
        "-1E+400",
        "1E-400",
        "19.990",
        "0.10",
        "123456789012345678901234567890",
        "1.0000000000000000000000000001"
      })
  void numbersArePrintedAsTheyArrived(String number) {
    StringWriter out = new StringWriter();
    new Printer(new PrintWriter(out, true))
        .accept(
            new WebhookReceiver.Delivery(
                Instant.EPOCH,
                "POST",
                "/hook",
                "application/json",
                "test",
                WebhookReceiver.Signature.NOT_CHECKED,
                "{\"properties\":{\"n\":" + number + "}}"));
    assertThat(out.toString()).contains("\"n\" : " + number + "\n");
    assertThat(out.toString()).doesNotContain("Infinity").doesNotContain("0.0\n");
  }
}
