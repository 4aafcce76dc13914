package dev.sluice.api.message;

import static dev.sluice.api.message.Fixtures.PARSER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Utf8Test {

  /** {@code {"event":"<bytes>"}} around raw bytes given in hex. */
  private static byte[] eventWith(String hex) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"".getBytes(StandardCharsets.UTF_8));
    out.writeBytes(HexFormat.of().parseHex(hex));
    out.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "overlong slash (2 bytes), c0af",
    "overlong slash (3 bytes), e080af",
    "overlong slash (4 bytes), f08080af",
    "overlong NUL, c080",
    "C1 lead byte, c1bf",
    "lone continuation, 80",
    "UTF-16 surrogate, eda080",
    "above U+10FFFF, f4908080",
    "F5 lead byte, f5808080",
    "FF byte, ff",
    "truncated 2-byte, c3",
    "truncated 3-byte, e282",
    "bad continuation, e228a1",
  })
  void everyInvalidSequenceIsRejectedAlike(String name, String hex) {
    IngestException e =
        catchThrowableOfType(IngestException.class, () -> PARSER.parse(eventWith(hex)));
    assertThat(e).as(name).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON);
    assertThat(e.getMessage()).contains("not valid UTF-8");
    IngestException spanned =
        catchThrowableOfType(IngestException.class, () -> PARSER.parseSpanned(eventWith(hex)));
    assertThat(spanned).isNotNull();
    assertThat(spanned.getMessage()).isEqualTo(e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ascii, 41",
    "2-byte é, c3a9",
    "3-byte €, e282ac",
    "4-byte emoji, f09f9880",
    "highest code point, f48fbfbf",
    "just below surrogates, ed9fbf",
    "just above surrogates, ee8080",
    "smallest 2-byte, c280",
    "smallest 3-byte, e0a080",
    "smallest 4-byte, f0908080",
  })
  void validSequencesPass(String name, String hex) throws IngestException {
    assertThat(Utf8.firstInvalid(HexFormat.of().parseHex(hex))).as(name).isEqualTo(-1);
    assertThat(PARSER.parse(eventWith(hex)).get("event").textValue())
        .isEqualTo(new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @CsvSource({"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"})
  void otherUnicodeEncodingsAreNotDetectedButRejected(String charset) {
    byte[] body =
        "{\"userId\":\"u\",\"event\":\"E\"}".getBytes(java.nio.charset.Charset.forName(charset));
    IngestException e = catchThrowableOfType(IngestException.class, () -> PARSER.parse(body));
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("not UTF-8");
  }

  @ParameterizedTest
  @CsvSource({"1E+9999999999", "1E-9999999999", "-1e2147483648"})
  void aNumberBeyondBigDecimalIsInvalidJsonNotACrash(String number) {
    byte[] body = ("{\"batch\":[{\"n\":" + number + "}]}").getBytes(StandardCharsets.UTF_8);
    IngestException e = catchThrowableOfType(IngestException.class, () -> PARSER.parse(body));
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON);
    assertThat(catchThrowableOfType(IngestException.class, () -> PARSER.parseSpanned(body)))
        .isNotNull();
  }

  @Test
  void agreesWithTheJdkDecoderOnEveryTwoAndThreeByteSequence() {
    java.nio.charset.CharsetDecoder strict =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    for (int a = 0x80; a < 0x100; a++) {
      for (int b = 0; b < 0x100; b += 3) {
        for (int c : new int[] {0x80, 0xbf, 0x41}) {
          byte[] bytes = {(byte) a, (byte) b, (byte) c};
          boolean jdk;
          try {
            strict.decode(java.nio.ByteBuffer.wrap(bytes));
            jdk = true;
          } catch (java.nio.charset.CharacterCodingException e) {
            jdk = false;
          }
          assertThat(Utf8.firstInvalid(bytes) < 0).as("%02x %02x %02x", a, b, c).isEqualTo(jdk);
        }
      }
    }
  }
}
