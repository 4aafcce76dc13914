package dev.sluice.api.message;

import static dev.sluice.api.message.Fixtures.PARSER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.config.IngestLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MessageParser#parseSpanned} is {@link MessageParser#parse} plus the items' raw lengths.
 */
class SpannedParseTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"batch\":[{\"a\":1},{\"b\":[1,2,{\"c\":null}]}],\"sentAt\":\"x\"}",
        "{ \"batch\" : [ { \"a\" : 1e-6 } ,\n {\"u\":\"\\u00e9\\ud83d\\ude00\"} , 3, null, \"s\", [] ] }",
        "{\"batch\":[],\"context\":{\"ip\":null},\"integrations\":{}}",
        "{\"batch\":[{\"x\":1}],\"batch\":[{\"y\":2},{\"z\":3}]}",
        "{\"batch\":[{\"x\":1}],\"batch\":\"no\"}",
        "{\"batch\":\"no\",\"batch\":[{\"x\":1}]}",
        "{\"dup\":1,\"dup\":{\"k\":2},\"batch\":[{\"d\":1,\"d\":2}]}",
        "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"properties\":{\"p\":1.50}}",
        "{}",
        "{\"n\":null,\"t\":true,\"f\":false,\"big\":123456789012345678901234567890,\"d\":-0.0}",
      })
  void sameTreeAsParseAndTheRawLengthOfEachItem(String json) throws IngestException {
    byte[] body = utf8(json);
    MessageParser.Spanned spanned = PARSER.parseSpanned(body);
    JsonNode expected = PARSER.parse(body);
    assertThat(spanned.body()).isEqualTo(expected);
    assertThat(MessageJson.write(spanned.body())).isEqualTo(MessageJson.write(expected));
    JsonNode batch = expected.get("batch");
    if (batch != null && batch.isArray()) {
      assertThat(spanned.batchItemBytes()).hasSize(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        // The raw length is exactly the item's text: re-parsing that slice gives the item back.
        int start = indexOfItem(json, spanned.batchItemBytes(), i);
        byte[] slice = new byte[spanned.batchItemBytes()[i]];
        System.arraycopy(body, start, slice, 0, slice.length);
        assertThat(Fixtures.tree(slice)).isEqualTo(batch.get(i));
      }
    } else {
      assertThat(spanned.batchItemBytes()).isNull();
    }
  }

  /** Where item i starts: after the last "batch":[ and the previous items and separators. */
  private static int indexOfItem(String json, int[] lengths, int i) {
    byte[] b = utf8(json);
    String ascii = new String(b, StandardCharsets.ISO_8859_1);
    int at = ascii.indexOf("[", ascii.lastIndexOf("\"batch\"")) + 1;
    for (int k = 0; ; k++) {
      while (b[at] == ' ' || b[at] == '\n' || b[at] == ',') {
        at++;
      }
      if (k == i) {
        return at;
      }
      at += lengths[k];
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "[1,2]",
        "\"s\"",
        "{\"batch\":[1,2}",
        "{\"a\":1} x",
        "{\"a\":1}{\"b\":2}",
        "{\"batch\":[{\"a\":tru}]}",
        "{\"a\":\n\n  \"x}",
      })
  void sameErrorsAsParse(String json) {
    IngestException expected =
        catchThrowableOfType(IngestException.class, () -> PARSER.parse(utf8(json)));
    IngestException actual =
        catchThrowableOfType(IngestException.class, () -> PARSER.parseSpanned(utf8(json)));
    assertThat(expected).isNotNull();
    assertThat(actual).isNotNull();
    assertThat(actual.code()).isEqualTo(expected.code());
    assertThat(actual.getMessage()).isEqualTo(expected.getMessage());
  }

  @Test
  void tooDeepIsTooDeep() {
    String deep = "{\"batch\":[" + "[".repeat(80) + "]".repeat(80) + "]}";
    IngestException e =
        catchThrowableOfType(IngestException.class, () -> PARSER.parseSpanned(utf8(deep)));
    assertThat(e.code().wireName()).isEqualTo("json_too_deep");
  }

  /** The bound that lets short items skip the size walk, on the spellings that grow the most. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\":1e-6}",
        "{\"a\":0e-6,\"b\":1e-6,\"c\":-1e-6}",
        "{\"a\":10e9,\"b\":99e9,\"c\":1e5,\"d\":12e5}",
        "{\"a\":[1e-6,1e-6,1e-6,1e-6,1e-6,1e-6,1e-6,1e-6]}",
        "{\"s\":\"\\ud800\\udc00\\ud800\",\"t\":\"\\u0001\\n\\/\"}",
        "{\"a\":-0,\"b\":0.0000001,\"c\":1E+3}",
      })
  void aCompactRewriteIsAtMostTwiceTheRawText(String json) throws IngestException {
    byte[] raw = utf8(json);
    JsonNode node = PARSER.parse(raw);
    long compact = JsonSize.of(node);
    assertThat(compact).isEqualTo(MessageJson.write(node).length);
    assertThat(compact).isLessThanOrEqualTo((long) JsonSize.RAW_BOUND_FACTOR * raw.length);
    assertThat(JsonSize.mayExceed(raw.length, compact - 1)).isTrue();
  }

  @Test
  void batchWithSpansGivesTheSameResultsIncludingTooLargeMessages() throws IngestException {
    // Items around a 200-byte limit; exponents make the rewrite longer than the raw text.
    List<String> items = new ArrayList<>();
    for (int k = 0; k < 60; k++) {
      StringBuilder props = new StringBuilder();
      for (int j = 0; j < k; j++) {
        props.append(j == 0 ? "" : ",").append("\"p").append(j).append("\":1e-6");
      }
      items.add(
          "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u"
              + k
              + "\",\"messageId\":\"m"
              + k
              + "\",\"properties\":{"
              + props
              + "}}");
    }
    byte[] body = utf8("{\"batch\":[" + String.join(" , ", items) + "]}");
    IngestLimits limits = new IngestLimits(0, 200, 500 * 1024, 2500);
    Ingest ingest = new Ingest(Fixtures.CLOCK);
    IngestResult withSpans = ingest.batch(PARSER.parseSpanned(body), Fixtures.CTX, limits);
    IngestResult without = ingest.batch(PARSER.parse(body), Fixtures.CTX, limits);
    assertThat(withSpans.rejected()).isNotEmpty();
    assertThat(withSpans.accepted()).isNotEmpty();
    assertThat(withSpans.rejected()).hasSameSizeAs(without.rejected());
    for (int i = 0; i < without.rejected().size(); i++) {
      RejectedMessage a = withSpans.rejected().get(i);
      RejectedMessage b = without.rejected().get(i);
      assertThat(a.index()).isEqualTo(b.index());
      assertThat(a.code().wireName()).isEqualTo(b.code().wireName()).isEqualTo("message_too_large");
      assertThat(a.message()).isEqualTo(b.message());
      assertThat(a.original()).isEqualTo(b.original());
    }
    assertThat(withSpans.accepted()).hasSameSizeAs(without.accepted());
    for (int i = 0; i < without.accepted().size(); i++) {
      assertThat(withSpans.accepted().get(i).json()).isEqualTo(without.accepted().get(i).json());
      assertThat(withSpans.accepted().get(i).index()).isEqualTo(without.accepted().get(i).index());
    }
  }

  @Test
  void singleWithItsRawLengthGivesTheSameResult() throws IngestException {
    IngestLimits limits = new IngestLimits(0, 120, 500 * 1024, 2500);
    Ingest ingest = new Ingest(Fixtures.CLOCK);
    for (String json :
        List.of(
            "{\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"m\",\"properties\":{\"a\":1e-6,\"b\":1e-6,\"c\":1e-6}}",
            "{\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"m\"}",
            "{\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"m\",\"properties\":{\"a\":\""
                + "x".repeat(90)
                + "\"}}")) {
      byte[] raw = utf8(json);
      IngestResult a =
          ingest.single(PARSER.parse(raw), raw.length, MessageType.TRACK, Fixtures.CTX, limits);
      IngestResult b = ingest.single(PARSER.parse(raw), MessageType.TRACK, Fixtures.CTX, limits);
      assertThat(a.rejected()).hasSameSizeAs(b.rejected());
      assertThat(a.accepted()).hasSameSizeAs(b.accepted());
      if (!a.rejected().isEmpty()) {
        assertThat(a.rejected().get(0).code()).isEqualTo(b.rejected().get(0).code());
        assertThat(a.rejected().get(0).message()).isEqualTo(b.rejected().get(0).message());
      } else {
        assertThat(a.accepted().get(0).json()).isEqualTo(b.accepted().get(0).json());
      }
    }
  }
}
