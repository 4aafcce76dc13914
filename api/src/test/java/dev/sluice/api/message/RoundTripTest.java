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

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"big\":123456789012345678901234567890,\"f\":1.50,\"e\":1E+3,\"t\":0.000000000000000000001}",
        "{ \"a\" : 1e3 , \"b\" : [ 1 , 2 ], \"c\": {\"d\": {\"e\": [null, true, false]}} }",
        "{\"u\":\"\\u00e9\\ud83d\\ude00 ✓ 😀\",\"lone\":\"\\ud800x\",\"ctl\":\"\\u0001\\t\"}",
        "{\"dup\":1,\"dup\":2,\"empty\":{},\"arr\":[]}",
      })
  void directWriteIsByteForByteTheMappersWrite(String json) throws IngestException {
    ObjectNode node = PARSER.parse(json.getBytes(StandardCharsets.UTF_8));
    assertThat(MessageJson.write(node)).isEqualTo(MessageJson.writeWithMapper(node));
    assertThat(MessageJson.write(node.get(node.fieldNames().next())))
        .isEqualTo(MessageJson.writeWithMapper(node.get(node.fieldNames().next())));
  }

  @org.junit.jupiter.api.Test
  void directWriteMatchesTheMapperOnEnrichedMessages() throws IngestException {
    ObjectNode node =
        Fixtures.single(
            new Ingest(Fixtures.CLOCK)
                .single(
                    Fixtures.obj(
                        "{'type':'track','event':'E','userId':'u','properties':{'p':1.50},"
                            + "'timestamp':'2026-11-29T03:00:00+01:00','context':{'ip':null}}"),
                    null,
                    Fixtures.CTX,
                    Fixtures.LIMITS));
    node.putPOJO("pojo", java.util.Map.of("k", java.util.List.of(1, 2)));
    node.putRawValue("raw", new com.fasterxml.jackson.databind.util.RawValue("[1,2]"));
    assertThat(new String(MessageJson.write(node), StandardCharsets.UTF_8))
        .isEqualTo(new String(MessageJson.writeWithMapper(node), StandardCharsets.UTF_8))
        .contains("\"pojo\":{\"k\":[1,2]}", "\"raw\":[1,2]");
  }

  /** A POJO whose serialisation fails half-way, leaving the thread's generator mid-object. */
  public static final class Exploding {
    public String getFirst() {
      return "fine";
    }

    public String getSecond() {
      throw new IllegalStateException("boom");
    }
  }

  @org.junit.jupiter.api.Test
  void aWriteThatFailsHalfWayDoesNotSpoilTheNextOne() throws IngestException {
    ObjectNode bad = PARSER.parse("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    bad.putPOJO("pojo", new Exploding());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MessageJson.write(bad))
        .isInstanceOf(java.io.UncheckedIOException.class);
    ObjectNode good = PARSER.parse("{\"b\":[1,2.50]}".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(MessageJson.write(good), StandardCharsets.UTF_8))
        .isEqualTo("{\"b\":[1,2.50]}");
  }

  @org.junit.jupiter.api.Test
  void backToBackWritesOfAnySizeAndFromManyThreadsAreEachComplete() throws Exception {
    String big = "{\"s\":\"" + "x".repeat(200_000) + "\"}";
    ObjectNode bigNode = PARSER.parse(big.getBytes(StandardCharsets.UTF_8));
    assertThat(new String(MessageJson.write(bigNode), StandardCharsets.UTF_8)).isEqualTo(big);
    assertThat(new String(MessageJson.write(Fixtures.obj("{'n':null}")), StandardCharsets.UTF_8))
        .isEqualTo("{\"n\":null}");
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      var futures = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
      for (int t = 0; t < 8; t++) {
        int id = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2000; i++) {
                    String json =
                        "{\"t\":" + id + ",\"i\":" + i + ",\"p\":\"" + "y".repeat(i % 50) + "\"}";
                    ObjectNode n = PARSER.parse(json.getBytes(StandardCharsets.UTF_8));
                    if (!json.equals(new String(MessageJson.write(n), StandardCharsets.UTF_8))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (var f : futures) {
        assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
