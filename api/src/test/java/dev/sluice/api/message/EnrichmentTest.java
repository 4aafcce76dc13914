package dev.sluice.api.message;

import static dev.sluice.api.message.Fixtures.CLOCK;
import static dev.sluice.api.message.Fixtures.CTX;
import static dev.sluice.api.message.Fixtures.LIMITS;
import static dev.sluice.api.message.Fixtures.NOW;
import static dev.sluice.api.message.Fixtures.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Enrichment per DESIGN.md with a clock fixed at {@value Fixtures#NOW}. */
class EnrichmentTest {
  private final Ingest ingest = new Ingest(CLOCK);

  private ObjectNode track(String fields) {
    String body = "{'userId':'u','event':'E'" + (fields.isEmpty() ? "" : "," + fields) + "}";
    return Fixtures.single(ingest.single(obj(body), MessageType.TRACK, CTX, LIMITS));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null ? "<absent>" : v.isTextual() ? v.textValue() : v.toString();
  }

  /**
   * Skew correction: timestamp = receivedAt - (sentAt - originalTimestamp), receivedAt being
   * 03:04:05.678Z. Expected values are computed by hand in the comments.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      nullValues = "-",
      value = {
        // case                          | timestamp                        | originalTimestamp
        //     | sentAt                      | => originalTimestamp            | => timestamp
        "nothing: receivedAt             | -                                | -                          | -                           | <absent>                        | 2026-11-29T03:04:05.678Z",
        "timestamp only: kept            | 2026-11-29T03:00:00.000Z         | -                          | -                           | 2026-11-29T03:00:00.000Z        | 2026-11-29T03:00:00.000Z",
        // 10 s between event and send: 03:04:05.678 - 10 s
        "sent 10 s after the event       | 2026-11-29T03:00:00.000Z         | -                          | 2026-11-29T03:00:10.000Z    | 2026-11-29T03:00:00.000Z        | 2026-11-29T03:03:55.678Z",
        // client clock an hour fast, 1.5 s before send: 03:04:05.678 - 1.5 s
        "client clock an hour fast       | 2026-11-29T04:00:00.000Z         | -                          | 2026-11-29T04:00:01.500Z    | 2026-11-29T04:00:00.000Z        | 2026-11-29T03:04:04.178Z",
        // 04:00+01:00 is 03:00Z, 2.5 s before send: 03:04:05.678 - 2.5 s
        "offsets and short fractions     | 2026-11-29T04:00:00+01:00        | -                          | 2026-11-29T03:00:02.5Z      | 2026-11-29T04:00:00+01:00       | 2026-11-29T03:04:03.178Z",
        "sent at the event: receivedAt   | 2026-11-29T03:00:00.123456Z      | -                          | 2026-11-29T03:00:00.123456Z | 2026-11-29T03:00:00.123456Z     | 2026-11-29T03:04:05.678Z",
        // RudderStack: originalTimestamp only, 1 s before send: 03:04:05.678 - 1 s
        "client originalTimestamp        | -                                | 2026-11-29T03:00:00.000Z   | 2026-11-29T03:00:01.000Z    | 2026-11-29T03:00:00.000Z        | 2026-11-29T03:04:04.678Z",
        "timestamp wins over original    | 2026-11-29T03:00:00.000Z         | 2026-11-29T01:00:00.000Z   | -                           | 2026-11-29T03:00:00.000Z        | 2026-11-29T03:00:00.000Z",
        // sent before the event (clock jump): the formula still applies, 03:04:05.678 + 2 s
        "sentAt before event             | 2026-11-29T03:00:02.000Z         | -                          | 2026-11-29T03:00:00.000Z    | 2026-11-29T03:00:02.000Z        | 2026-11-29T03:04:07.678Z",
        "bad timestamp kept, receivedAt  | yesterday                        | -                          | 2026-11-29T03:00:01.000Z    | yesterday                       | 2026-11-29T03:04:05.678Z",
        "impossible date kept            | 2026-02-30T00:00:00.000Z         | -                          | -                           | 2026-02-30T00:00:00.000Z        | 2026-11-29T03:04:05.678Z",
        "no offset counts as absent      | 2026-11-29T03:00:00.000          | -                          | -                           | 2026-11-29T03:00:00.000         | 2026-11-29T03:04:05.678Z",
        "bad sentAt: original used       | 2026-11-29T03:00:00.000Z         | -                          | soon                        | 2026-11-29T03:00:00.000Z        | 2026-11-29T03:00:00.000Z",
        "bad original, good sentAt       | -                                | never                      | 2026-11-29T03:00:01.000Z    | never                           | 2026-11-29T03:04:05.678Z",
        "future timestamp, no sentAt     | 2027-01-01T00:00:00.000Z         | -                          | -                           | 2027-01-01T00:00:00.000Z        | 2027-01-01T00:00:00.000Z",
        "timestamp normalised to UTC ms  | 2026-11-29T05:30:00.999999+02:00 | -                          | -                           | 2026-11-29T05:30:00.999999+02:00| 2026-11-29T03:30:00.999Z",
        "year above 9999 counts absent   | +10000-01-01T00:00:00Z           | -                          | -                           | +10000-01-01T00:00:00Z          | 2026-11-29T03:04:05.678Z",
        "year below 0 counts absent      | -0001-01-01T00:00:00Z            | -                          | -                           | -0001-01-01T00:00:00Z           | 2026-11-29T03:04:05.678Z",
        "skew beyond year 0: receivedAt  | 0000-01-01T00:00:00Z             | -                          | 9999-12-31T00:00:00Z        | 0000-01-01T00:00:00Z            | 2026-11-29T03:04:05.678Z",
      })
  void timestamps(
      String name,
      String timestamp,
      String originalTimestamp,
      String sentAt,
      String expectOriginal,
      String expectTimestamp) {
    StringBuilder f = new StringBuilder();
    if (timestamp != null) {
      f.append("'timestamp':'").append(timestamp).append("',");
    }
    if (originalTimestamp != null) {
      f.append("'originalTimestamp':'").append(originalTimestamp).append("',");
    }
    if (sentAt != null) {
      f.append("'sentAt':'").append(sentAt).append("',");
    }
    String fields = f.isEmpty() ? "" : f.substring(0, f.length() - 1);
    ObjectNode out = track(fields);
    assertThat(text(out, "originalTimestamp")).as(name).isEqualTo(expectOriginal);
    assertThat(text(out, "timestamp")).as(name).isEqualTo(expectTimestamp);
    assertThat(text(out, "receivedAt")).isEqualTo(NOW);
    assertThat(text(out, "sentAt")).isEqualTo(sentAt == null ? "<absent>" : sentAt);
  }

  @Test
  void nonStringTimestampIsKeptAndCountsAsAbsent() {
    ObjectNode out = track("'timestamp':1700000000000");
    assertThat(out.get("originalTimestamp").longValue()).isEqualTo(1700000000000L);
    assertThat(text(out, "timestamp")).isEqualTo(NOW);
  }

  @Test
  void clientReceivedAtIsReplacedByTheServers() {
    assertThat(text(track("'receivedAt':'2000-01-01T00:00:00.000Z'"), "receivedAt")).isEqualTo(NOW);
  }

  @Test
  void messageIdGeneratedWhenAbsentOrEmptyAndKeptOtherwise() {
    ObjectNode generated = track("");
    assertThat(text(generated, "messageId"))
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(text(track(""), "messageId")).isNotEqualTo(text(generated, "messageId"));
    assertThat(text(track("'messageId':''"), "messageId")).hasSize(36);
    assertThat(text(track("'messageId':'ajs-next-abc'"), "messageId")).isEqualTo("ajs-next-abc");

    IngestResult r =
        ingest.single(
            obj("{'userId':'u','event':'E','messageId':'m-1'}"), MessageType.TRACK, CTX, LIMITS);
    assertThat(r.accepted().get(0).messageId()).isEqualTo("m-1");
    assertThat(r.accepted().get(0).type()).isEqualTo(MessageType.TRACK);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      nullValues = "-",
      value = {
        "no context: created         | 203.0.113.7 | -                                    | {'ip':'203.0.113.7'}",
        "context without ip          | 203.0.113.7 | 'context':{'locale':'en'}            | {'locale':'en','ip':'203.0.113.7'}",
        "ip present: kept            | 203.0.113.7 | 'context':{'ip':'198.51.100.1'}      | {'ip':'198.51.100.1'}",
        "ip null: set                | 203.0.113.7 | 'context':{'ip':null}                | {'ip':'203.0.113.7'}",
        "context null: replaced      | 203.0.113.7 | 'context':null                       | {'ip':'203.0.113.7'}",
        "no client ip: nothing added | -           | -                                    | <absent>",
        "no client ip: context kept  | -           | 'context':{'locale':'en'}            | {'locale':'en'}",
      })
  void contextIp(String name, String clientIp, String fields, String expectContext) {
    String body = "{'userId':'u','event':'E'" + (fields == null ? "" : "," + fields) + "}";
    ObjectNode out =
        Fixtures.single(
            ingest.single(obj(body), MessageType.TRACK, new IngestContext(clientIp), LIMITS));
    if (expectContext.equals("<absent>")) {
      assertThat(out.has("context")).as(name).isFalse();
    } else {
      assertThat(out.get("context")).as(name).isEqualTo(obj(expectContext));
    }
  }

  @Test
  void writeKeyIsRemoved() throws IngestException {
    ObjectNode single =
        Fixtures.single(
            ingest.single(
                obj("{'userId':'u','event':'E','writeKey':'SECRET'}"),
                MessageType.TRACK,
                CTX,
                LIMITS));
    assertThat(single.has("writeKey")).isFalse();

    IngestResult r =
        ingest.batch(
            obj(
                "{'writeKey':'SECRET','batch':[{'type':'track','userId':'u','event':'E','writeKey':'SECRET2'},{'type':'identify','userId':'u'}]}"),
            CTX,
            LIMITS);
    assertThat(r.accepted()).hasSize(2);
    for (AcceptedMessage a : r.accepted()) {
      assertThat(new String(a.json(), StandardCharsets.UTF_8))
          .doesNotContain("SECRET")
          .doesNotContain("writeKey");
    }
  }

  @Test
  void unknownFieldsAndValuesAreKeptExactly() {
    String extras =
        "'big':123456789012345678901234567890,'price':19.990,'u':'héllo 😀 日本','n':[[1,[2.50,{'x':null}]],[]],"
            + "'properties':{'revenue':1.10,'items':[{'sku':'A','qty':18446744073709551616}]},'traits':{}";
    ObjectNode in = obj("{'userId':'u','event':'E'," + extras + "}");
    ObjectNode expected = in.deepCopy();
    ObjectNode out = track(extras);
    Iterator<String> names = expected.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      assertThat(out.get(f)).as(f).isEqualTo(expected.get(f));
    }
    assertThat(
            new String(
                Fixtures.single(ingest.single(in, MessageType.TRACK, CTX, LIMITS)).toString()))
        .contains("123456789012345678901234567890", "19.990", "1.10", "18446744073709551616");
  }

  @Test
  void messageNeedingNoChangeComesOutByteForByte() {
    String body =
        Fixtures.json(
            "{'type':'track','messageId':'m-1','userId':'u','event':'Order Completed',"
                + "'properties':{'total':12345678901234567890.50,'currency':'EUR','tags':['a',['b']],'note':'ünïcødé ✓'},"
                + "'context':{'ip':'198.51.100.1','library':{'name':'analytics.js','version':'2.11.1'}},"
                + "'integrations':{'All':true},"
                + "'originalTimestamp':'2026-11-29T03:00:00.000Z','timestamp':'2026-11-29T03:00:00.000Z',"
                + "'receivedAt':'"
                + NOW
                + "'}");
    ObjectNode in = (ObjectNode) Fixtures.tree(body.getBytes(StandardCharsets.UTF_8));
    IngestResult r = ingest.single(in, MessageType.TRACK, CTX, LIMITS);
    assertThat(new String(r.accepted().get(0).json(), StandardCharsets.UTF_8)).isEqualTo(body);
  }
}
