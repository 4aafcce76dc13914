package dev.sluice.api.message;

import static dev.sluice.api.message.Fixtures.PARSER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A message Sluice does not change comes out equal: same bytes when the input is compact. */
class RoundTripTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"big\":123456789012345678901234567890,\"neg\":-98765432109876543210987654321}",
        "{\"long\":9223372036854775807,\"min\":-9223372036854775808,\"int\":-2147483648}",
        "{\"price\":19.99,\"zeros\":1.50,\"small\":0.000001}",
        "{\"precise\":3.14159265358979323846264338327950288419716939937510}",
        "{\"exp\":1E+3,\"negexp\":-2.5E-7}",
        "{\"zero\":0,\"fzero\":0.0,\"one\":1.0}",
        "{\"u\":\"héllo wörld ✓ 日本語 😀\",\"esc\":\"tab\\tnl\\nquote\\\"bs\\\\\",\"ctl\":\"\\u0001\"}",
        "{\"nested\":[[1,[2,[3,{\"x\":[]}]]],{},[],null,true,false,\"s\"]}",
        "{\"dup\":{\"order\":1,\"kept\":2,\"as\":3,\"sent\":4}}",
        "{\"empty\":\"\",\"slash\":\"a/b\",\"del\":\"\u007f\"}",
      })
  void compactInputComesOutByteForByte(String json) throws IngestException {
    byte[] in = json.getBytes(StandardCharsets.UTF_8);
    ObjectNode node = PARSER.parse(in);
    byte[] out = MessageJson.write(node);
    assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(json);
    assertThat(Fixtures.tree(out)).isEqualTo(node);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{ \"a\" : 1e3 , \"b\" : [ 1 , 2 ] }",
        "{\"u\":\"\\u00e9\\ud83d\\ude00\"}",
        "{\"tiny\":0.000000000000000000000000000001}",
        "{\"lone\":\"\\ud800x\"}",
      })
  void otherSpellingsComeOutEqualAsJson(String json) throws IngestException {
    ObjectNode node = PARSER.parse(json.getBytes(StandardCharsets.UTF_8));
    ObjectNode again = PARSER.parse(MessageJson.write(node));
    assertThat(again).isEqualTo(node);
  }
}
