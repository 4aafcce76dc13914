package dev.sluice.api.message;

import static dev.sluice.api.message.Fixtures.CLOCK;
import static dev.sluice.api.message.Fixtures.CTX;
import static dev.sluice.api.message.Fixtures.LIMITS;
import static dev.sluice.api.message.Fixtures.NOW;
import static dev.sluice.api.message.Fixtures.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.IngestLimits;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchTest {
  private final Ingest ingest = new Ingest(CLOCK);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "no batch             | {'sentAt':'x'}                           | 400 | batch_missing           | must have a 'batch' array",
        "batch is an object   | {'batch':{'type':'track'}}               | 400 | batch_missing           | must be an array of messages, not an object",
        "batch is null        | {'batch':null}                           | 400 | batch_missing           | not null",
        "empty batch          | {'batch':[]}                             | 400 | batch_empty             | 'batch' is empty",
        "envelope context     | {'batch':[{}],'context':[]}              | 400 | context_not_object      | 'context' must be an object, not an array",
        "envelope integrations| {'batch':[{}],'integrations':'all'}      | 400 | integrations_not_object | 'integrations' must be an object, not a string",
      })
  void wholeRequestFailures(String name, String body, int status, String code, String says) {
    IngestException e =
        catchThrowableOfType(IngestException.class, () -> ingest.batch(obj(body), CTX, LIMITS));
    assertThat(e).as(name).isNotNull();
    assertThat(e.code().kind())
        .isEqualTo(status == 413 ? ErrorCode.Kind.TOO_LARGE : ErrorCode.Kind.BAD_INPUT);
    assertThat(e.code().wireName()).isEqualTo(code);
    assertThat(e.getMessage()).contains(Fixtures.json(says));
  }

  private static ObjectNode batchOf(int n) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode items = body.putArray("batch");
    for (int i = 0; i < n; i++) {
      items.addObject().put("type", "track").put("userId", "u" + i).put("event", "E");
    }
    return body;
  }

  @Test
  void moreThan2500MessagesIs413() {
    IngestException e =
        catchThrowableOfType(IngestException.class, () -> ingest.batch(batchOf(2501), CTX, LIMITS));
    assertThat(e.code().kind()).isEqualTo(ErrorCode.Kind.TOO_LARGE);
    assertThat(e.code().wireName()).isEqualTo("too_many_messages");
    assertThat(e.getMessage()).contains("2501 messages").contains("limit is 2500");
  }

  @Test
  void exactly2500MessagesAreAccepted() throws IngestException {
    IngestResult r = ingest.batch(batchOf(2500), CTX, LIMITS);
    assertThat(r.accepted()).hasSize(2500);
    assertThat(r.accepted().get(2499).index()).isEqualTo(2499);
    assertThat(r.accepted().get(2499).key()).isEqualTo("u2499");
  }

  @Test
  void perSourceMessageCountLimit() {
    IngestLimits three = new IngestLimits(0, 32 * 1024, 500 * 1024, 3);
    IngestException e =
        catchThrowableOfType(IngestException.class, () -> ingest.batch(batchOf(4), CTX, three));
    assertThat(e.getMessage()).contains("limit is 3");
  }

  /** An item padded so that its compact JSON is exactly {@code bytes} long. */
  private static ObjectNode itemOfSize(int bytes) {
    ObjectNode item = obj("{'type':'track','userId':'u','event':'E','properties':{'pad':''}}");
    int base = MessageJson.write(item).length;
    ((ObjectNode) item.get("properties")).put("pad", "x".repeat(bytes - base));
    assertThat(MessageJson.write(item)).hasSize(bytes);
    return item;
  }

  @Test
  void messageOver32KbInABatchIsRejectedAlone() throws IngestException {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode items = body.putArray("batch");
    items.add(itemOfSize(32 * 1024));
    items.add(itemOfSize(32 * 1024 + 1));
    items.add(obj("{'type':'identify','userId':'u'}"));
    IngestResult r = ingest.batch(body, CTX, LIMITS);
    assertThat(r.accepted()).extracting(AcceptedMessage::index).containsExactly(0, 2);
    assertThat(r.rejected())
        .singleElement()
        .satisfies(
            rej -> {
              assertThat(rej.index()).isEqualTo(1);
              assertThat(rej.code().wireName()).isEqualTo("message_too_large");
              assertThat(rej.message())
                  .isEqualTo("The message is 32769 bytes; the limit is 32768 bytes");
              assertThat(rej.original()).hasSize(32 * 1024 + 1);
            });
  }

  @Test
  void oversizedSingleIsRejected() {
    IngestLimits small = new IngestLimits(0, 100, 500 * 1024, 2500);
    IngestResult r = ingest.single(itemOfSize(101), MessageType.TRACK, CTX, small);
    assertThat(r.rejected())
        .singleElement()
        .satisfies(rej -> assertThat(rej.code().wireName()).isEqualTo("message_too_large"));
    assertThat(ingest.single(itemOfSize(100), MessageType.TRACK, CTX, small).accepted()).hasSize(1);
  }

  @Test
  void invalidItemsDoNotAffectTheOthers() throws IngestException {
    IngestResult r =
        ingest.batch(
            obj(
                "{'batch':[{'type':'track','userId':'u','event':'A'},{'type':'track','userId':'u'},7,"
                    + "{'type':'page','anonymousId':'a'},{'type':'nope','userId':'u'}]}"),
            CTX,
            LIMITS);
    assertThat(r.accepted()).extracting(AcceptedMessage::index).containsExactly(0, 3);
    assertThat(r.accepted())
        .extracting(AcceptedMessage::type)
        .containsExactly(MessageType.TRACK, MessageType.PAGE);
    assertThat(r.rejected()).extracting(RejectedMessage::index).containsExactly(1, 2, 4);
    assertThat(r.rejected())
        .extracting(rej -> rej.code().wireName())
        .containsExactly("event_not_defined", "not_an_object", "type_not_supported");
  }

  @Test
  void batchSentAtCorrectsItemsWithoutTheirOwn() throws IngestException {
    IngestResult r =
        ingest.batch(
            obj(
                "{'sentAt':'2026-11-29T03:00:10.000Z','batch':["
                    + "{'type':'track','userId':'u','event':'A','timestamp':'2026-11-29T03:00:00.000Z'},"
                    + "{'type':'track','userId':'u','event':'B','timestamp':'2026-11-29T03:00:00.000Z','sentAt':'2026-11-29T03:00:05.000Z'},"
                    + "{'type':'track','userId':'u','event':'C'}]}"),
            CTX,
            LIMITS);
    List<ObjectNode> out =
        r.accepted().stream().map(a -> (ObjectNode) Fixtures.tree(a.json())).toList();
    // A: batch sentAt, 10 s before send: 03:04:05.678 - 10 s; the batch's sentAt is copied in.
    assertThat(out.get(0).get("timestamp").textValue()).isEqualTo("2026-11-29T03:03:55.678Z");
    assertThat(out.get(0).get("sentAt").textValue()).isEqualTo("2026-11-29T03:00:10.000Z");
    // B: its own sentAt wins, 5 s: 03:04:05.678 - 5 s
    assertThat(out.get(1).get("timestamp").textValue()).isEqualTo("2026-11-29T03:04:00.678Z");
    assertThat(out.get(1).get("sentAt").textValue()).isEqualTo("2026-11-29T03:00:05.000Z");
    // C: no timestamp at all: receivedAt
    assertThat(out.get(2).get("timestamp").textValue()).isEqualTo(NOW);
    assertThat(out.get(2).get("sentAt").textValue()).isEqualTo("2026-11-29T03:00:10.000Z");
  }

  @Test
  void envelopeContextAndIntegrationsMergeMessageKeysWin() throws IngestException {
    IngestResult r =
        ingest.batch(
            obj(
                "{'context':{'library':{'name':'analytics-java','version':'3.5.4'},'locale':'en-US','ip':'10.0.0.1'},"
                    + "'integrations':{'All':false,'Webhook':true},'batch':["
                    + "{'type':'track','userId':'u','event':'A'},"
                    + "{'type':'track','userId':'u','event':'B','context':{'library':{'name':'custom'},'locale':'fr','page':{'path':'/'}},"
                    + "'integrations':{'Webhook':false}},"
                    + "{'type':'track','userId':'u','event':'C','context':{'library':'plain'}}]}"),
            new IngestContext("203.0.113.7"),
            LIMITS);
    List<ObjectNode> out =
        r.accepted().stream().map(a -> (ObjectNode) Fixtures.tree(a.json())).toList();
    // A: everything from the envelope, whose ip is "present" and so kept.
    assertThat(out.get(0).get("context"))
        .isEqualTo(
            obj(
                "{'library':{'name':'analytics-java','version':'3.5.4'},'locale':'en-US','ip':'10.0.0.1'}"));
    assertThat(out.get(0).get("integrations")).isEqualTo(obj("{'All':false,'Webhook':true}"));
    // B: its own keys win; objects merge one level deep.
    assertThat(out.get(1).get("context"))
        .isEqualTo(
            obj(
                "{'library':{'name':'custom','version':'3.5.4'},'locale':'fr','page':{'path':'/'},'ip':'10.0.0.1'}"));
    assertThat(out.get(1).get("integrations")).isEqualTo(obj("{'Webhook':false,'All':false}"));
    // C: a non-object of its own is not merged into.
    assertThat(out.get(2).at("/context/library").textValue()).isEqualTo("plain");
    // Merging into B did not leak into A's shared envelope values.
    assertThat(Fixtures.tree(r.accepted().get(0).json()).at("/context/library/name").textValue())
        .isEqualTo("analytics-java");
  }

  @Test
  void envelopeWithoutIpGetsTheClientIpPerMessage() throws IngestException {
    ObjectNode body =
        obj(
            "{'context':{'locale':'en'},'batch':[{'type':'identify','userId':'a'},{'type':'identify','userId':'b','context':{'ip':'198.51.100.2'}}]}");
    IngestResult r = ingest.batch(body, CTX, LIMITS);
    assertThat(Fixtures.tree(r.accepted().get(0).json()).get("context"))
        .isEqualTo(obj("{'locale':'en','ip':'203.0.113.7'}"));
    assertThat(Fixtures.tree(r.accepted().get(1).json()).get("context"))
        .isEqualTo(obj("{'ip':'198.51.100.2','locale':'en'}"));
    assertThat(body.get("context")).isEqualTo(obj("{'locale':'en'}"));
  }

  @Test
  void writeKeyOfReadsTheBody() {
    assertThat(Ingest.writeKeyOf(obj("{'writeKey':'k1','batch':[]}"))).isEqualTo("k1");
    assertThat(Ingest.writeKeyOf(obj("{'batch':[]}"))).isNull();
    assertThat(Ingest.writeKeyOf(obj("{'writeKey':5}"))).isNull();
  }
}
