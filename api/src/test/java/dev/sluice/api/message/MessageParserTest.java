package dev.sluice.api.message;

import static dev.sluice.api.message.Fixtures.PARSER;
import static dev.sluice.api.message.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageParserTest {

  private static IngestException fail(String body) {
    return catchThrowableOfType(
        IngestException.class, () -> PARSER.parse(body.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "truncated object      | {'type':'track','event':'A'          | invalid_json  | line 1, column",
        "truncated string      | {'type':'tr                          | invalid_json  | line 1, column",
        "missing colon         | {'type' 'track'}                     | invalid_json  | line 1, column 9",
        "trailing comma        | {'a':1,}                             | invalid_json  | line 1, column",
        "single quotes         | {`a`:1}                              | invalid_json  | line 1, column 2",
        "trailing garbage      | {'a':1} x                            | invalid_json  | line 1, column",
        "two objects           | {'a':1}{'b':2}                       | invalid_json  | line 1, column",
        "not json at all       | hello                                | invalid_json  | line 1, column",
        "empty body            | ''                                   | invalid_json  | empty",
        "array                 | [{'type':'track'}]                   | not_an_object | not an array",
        "string                | 'track'                              | not_an_object | not a string",
        "number                | 42                                   | not_an_object | not a number",
        "null                  | null                                 | not_an_object | not null",
      })
  void rejectsWhatIsNotOneObject(String name, String body, String code, String says) {
    String b = body.equals("''") ? "" : json(body).replace('`', '\'');
    IngestException e = fail(b);
    assertThat(e).as(name).isNotNull();
    assertThat(e.code().kind()).isEqualTo(ErrorCode.Kind.BAD_INPUT);
    assertThat(e.code().wireName()).isEqualTo(code);
    assertThat(e.getMessage()).contains(says);
  }

  @Test
  void unclosedObjectSaysWhereItOpenedInPlainWords() {
    IngestException e = fail("{\"userId\":\"u\"");
    assertThat(e.getMessage())
        .contains("expected close marker for Object (opened at line 1, column 1)")
        .doesNotContain("Source:")
        .doesNotContain("StreamReadFeature");
  }

  @Test
  void errorOnSecondLineSaysWhere() {
    IngestException e = fail("{\n  \"type\": \"track\",\n  \"event\": }");
    assertThat(e.code().wireName()).isEqualTo("invalid_json");
    assertThat(e.getMessage()).contains("line 3, column");
  }

  @Test
  void errorNeverQuotesTheBody() {
    IngestException e = fail("{\"writeKey\":\"SECRET-KEY\",\"x\":nope}");
    assertThat(e.code().wireName()).isEqualTo("invalid_json");
    assertThat(e.getMessage()).doesNotContain("SECRET-KEY");
  }

  @Test
  void invalidUtf8IsInvalidJson() {
    byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    IngestException e = catchThrowableOfType(IngestException.class, () -> PARSER.parse(body));
    assertThat(e.code().wireName()).isEqualTo("invalid_json");
  }

  @Test
  void nestingUpToTheLimitParses() throws IngestException {
    String body =
        "{\"a\":".repeat(MessageJson.MAX_DEPTH - 1) + "[]" + "}".repeat(MessageJson.MAX_DEPTH - 1);
    ObjectNode node = PARSER.parse(body.getBytes(StandardCharsets.UTF_8));
    assertThat(node.at("/a/a/a").isObject()).isTrue();
  }

  @Test
  void nestingBeyondTheLimitIsTooDeep() {
    String body =
        "{\"a\":" + "[".repeat(MessageJson.MAX_DEPTH) + "]".repeat(MessageJson.MAX_DEPTH) + "}";
    IngestException e = fail(body);
    assertThat(e.code().kind()).isEqualTo(ErrorCode.Kind.BAD_INPUT);
    assertThat(e.code().wireName()).isEqualTo("json_too_deep");
    assertThat(e.getMessage()).contains("deeper than 64 levels");
  }

  @Test
  void veryDeepNestingIsTooDeepNotAStackOverflow() {
    String body = "{\"a\":" + "[".repeat(100_000);
    assertThat(fail(body).code().wireName()).isEqualTo("json_too_deep");
  }

  @Test
  void whitespaceAroundTheObjectIsFine() throws IngestException {
    ObjectNode node = PARSER.parse(" \n\t{\"a\":1}\n ".getBytes(StandardCharsets.UTF_8));
    assertThat(node.get("a").intValue()).isEqualTo(1);
  }

  @Test
  void absurdlyLongNumberIsInvalidJson() {
    IngestException e = fail("{\"n\":" + "9".repeat(1001) + "}");
    assertThat(e.code().kind()).isEqualTo(ErrorCode.Kind.BAD_INPUT);
    assertThat(e.code().wireName()).isEqualTo("invalid_json");
    assertThat(e.getMessage()).contains("exceeds a JSON limit").contains("1000");
  }
}
