package dev.sluice.api.message;

import static dev.sluice.api.message.Fixtures.CLOCK;
import static dev.sluice.api.message.Fixtures.CTX;
import static dev.sluice.api.message.Fixtures.LIMITS;
import static dev.sluice.api.message.Fixtures.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rule, as a batch item (each item's own type decides) and its code and message. */
class RulesTest {
  private final Ingest ingest = new Ingest(CLOCK);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        // item                                                        | code                   |
        // message says
        "42                                                             | not_an_object          | not a number",
        "'track'                                                        | not_an_object          | not a string",
        "[1]                                                            | not_an_object          | not an array",
        "null                                                           | not_an_object          | not null",
        "{'userId':'u','event':'E'}                                     | type_not_supported     | no type",
        "{'type':'purchase','userId':'u'}                               | type_not_supported     | 'purchase' is not supported",
        "{'type':'Track','userId':'u','event':'E'}                      | type_not_supported     | 'Track' is not supported",
        "{'type':7,'userId':'u'}                                        | type_not_supported     | must be a string, not a number",
        "{'type':'track','event':'E'}                                   | no_user_anon_id        | track requires userId or anonymousId",
        "{'type':'identify','userId':'','anonymousId':''}               | no_user_anon_id        | identify requires userId or anonymousId",
        "{'type':'page','userId':null,'anonymousId':true}               | no_user_anon_id        | page requires",
        "{'type':'screen','userId':{'id':1}}                            | no_user_anon_id        | screen requires",
        "{'type':'track','userId':'u'}                                  | event_not_defined      | track requires event",
        "{'type':'track','userId':'u','event':null}                     | event_not_defined      | track requires event",
        "{'type':'track','userId':'u','event':''}                       | event_not_defined      | track requires event",
        "{'type':'track','userId':'u','event':12}                       | event_not_string       | not a number",
        "{'type':'track','userId':'u','event':{'name':'E'}}             | event_not_string       | not an object",
        "{'type':'group','userId':'u'}                                  | id_required            | group requires groupId",
        "{'type':'group','userId':'u','groupId':''}                     | id_required            | group requires groupId",
        "{'type':'alias','previousId':'old'}                            | id_required            | alias requires userId",
        "{'type':'alias','anonymousId':'a','previousId':'old'}          | id_required            | alias requires userId",
        "{'type':'alias','userId':'new'}                                | id_required            | alias requires previousId",
        "{'type':'track','userId':'u','event':'E','properties':[]}      | properties_not_object  | properties must be an object, not an array",
        "{'type':'page','userId':'u','properties':'x'}                  | properties_not_object  | not a string",
        "{'type':'identify','userId':'u','traits':5}                    | traits_not_object      | traits must be an object, not a number",
        "{'type':'group','userId':'u','groupId':'g','traits':[]}        | traits_not_object      | traits must be an object",
        "{'type':'track','userId':'u','event':'E','context':'web'}      | context_not_object     | context must be an object, not a string",
        "{'type':'track','userId':'u','event':'E','integrations':true}  | integrations_not_object| integrations must be an object, not a boolean",
        "{'type':'track','userId':'u','event':'E','messageId':123}      | message_id_invalid     | messageId must be a string, not a number",
        "{'type':'track','userId':'u','event':'E','messageId':'%100'}   | message_id_invalid     | shorter than 100 characters; it has 100",
      })
  void rejects(String item, String code, String says) {
    String itemJson = item.replace("%100", "m".repeat(100));
    ObjectNode body = obj("{'batch':[" + itemJson + "]}");
    IngestResult r = batch(body);
    assertThat(r.accepted()).isEmpty();
    assertThat(r.rejected()).hasSize(1);
    RejectedMessage rej = r.rejected().get(0);
    assertThat(rej.index()).isZero();
    assertThat(rej.code().wireName()).isEqualTo(code);
    assertThat(rej.message()).contains(Fixtures.json(says));
    // The original is the item as received.
    assertThat(Fixtures.tree(rej.original())).isEqualTo(obj("{'x':" + itemJson + "}").get("x"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        // item                                                          | key
        "{'type':'track','userId':'u1','event':'E'}                       | u1",
        "{'type':'track','anonymousId':'a1','event':'E'}                  | a1",
        "{'type':'track','userId':'u1','anonymousId':'a1','event':'E'}    | u1",
        "{'type':'track','userId':'','anonymousId':'a1','event':'E'}      | a1",
        "{'type':'track','userId':42,'event':'E'}                         | 42",
        "{'type':'identify','anonymousId':12345678901234567890}           | 12345678901234567890",
        "{'type':'identify','userId':'u1','traits':null}                  | u1",
        "{'type':'page','userId':'u1','properties':{}}                    | u1",
        "{'type':'screen','anonymousId':'a1','name':'Home'}               | a1",
        "{'type':'group','userId':'u1','groupId':'g1','traits':{}}        | u1",
        "{'type':'group','userId':'u1','groupId':7}                       | u1",
        "{'type':'alias','userId':'new','previousId':'old'}               | new",
        "{'type':'alias','userId':'new','previousId':99}                  | new",
        "{'type':'track','userId':'u1','event':'E','messageId':'%99'}     | u1",
        "{'type':'track','userId':'u1','event':'E','messageId':null}      | u1",
      })
  void accepts(String item, String key) {
    String itemJson = item.replace("%99", "m".repeat(99));
    IngestResult r = batch(obj("{'batch':[" + itemJson + "]}"));
    assertThat(r.rejected()).isEmpty();
    assertThat(r.accepted()).singleElement().satisfies(a -> assertThat(a.key()).isEqualTo(key));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "{'userId':42,'event':'E'}              | 42",
        "{'anonymousId':4.5,'event':'E'}        | 4.5",
      })
  void numericIdsAreDeliveredAsStringsOfTheirText(String item, String id) {
    ObjectNode out = Fixtures.single(ingest.single(obj(item), MessageType.TRACK, CTX, LIMITS));
    String field = item.contains("userId") ? "userId" : "anonymousId";
    assertThat(out.get(field).isTextual()).isTrue();
    assertThat(out.get(field).textValue()).isEqualTo(id);
  }

  @Test
  void everyNumericIdBecomesAStringAndTheRuleMessageSaysNumbersCount() {
    ObjectNode out =
        Fixtures.single(
            ingest.single(
                obj("{'userId':12345678901234567890,'previousId':7}"),
                MessageType.ALIAS,
                CTX,
                LIMITS));
    assertThat(out.get("userId").textValue()).isEqualTo("12345678901234567890");
    assertThat(out.get("previousId").textValue()).isEqualTo("7");
    ObjectNode group =
        Fixtures.single(
            ingest.single(obj("{'userId':1,'groupId':2.50}"), MessageType.GROUP, CTX, LIMITS));
    assertThat(group.get("groupId").textValue()).isEqualTo("2.50");
    IngestResult r =
        ingest.single(obj("{'event':'E','userId':true}"), MessageType.TRACK, CTX, LIMITS);
    assertThat(r.rejected().get(0).message()).contains("a non-empty string or a number");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "track    | {'userId':'u'}                     | event_not_defined",
        "track    | {'userId':'u','event':['E']}       | event_not_string",
        "identify | {'traits':{}}                      | no_user_anon_id",
        "group    | {'userId':'u'}                     | id_required",
        "alias    | {'userId':'u'}                     | id_required",
        "page     | {'userId':'u','properties':1}      | properties_not_object",
        "screen   | {'userId':'u','messageId':false}   | message_id_invalid",
      })
  void singlesFollowThePathType(String path, String body, String code) {
    MessageType type = MessageType.fromWireName(path).orElseThrow();
    IngestResult r = ingest.single(obj(body), type, CTX, LIMITS);
    assertThat(r.accepted()).isEmpty();
    assertThat(r.rejected())
        .singleElement()
        .satisfies(rej -> assertThat(rej.code().wireName()).isEqualTo(code));
  }

  @org.junit.jupiter.api.Test
  void pathTypeOverridesTheBodysType() {
    // As identify the body would pass; as track (the path) it lacks an event.
    IngestResult r =
        ingest.single(obj("{'type':'identify','userId':'u'}"), MessageType.TRACK, CTX, LIMITS);
    assertThat(r.rejected())
        .singleElement()
        .satisfies(rej -> assertThat(rej.code().wireName()).isEqualTo("event_not_defined"));

    ObjectNode out =
        Fixtures.single(
            ingest.single(
                obj("{'type':'identify','userId':'u','event':'E'}"),
                MessageType.TRACK,
                CTX,
                LIMITS));
    assertThat(out.get("type").textValue()).isEqualTo("track");
    ObjectNode untyped =
        Fixtures.single(ingest.single(obj("{'userId':'u'}"), MessageType.PAGE, CTX, LIMITS));
    assertThat(untyped.get("type").textValue()).isEqualTo("page");
  }

  @org.junit.jupiter.api.Test
  void rejectedOriginalHasNoWriteKey() {
    IngestResult r = batch(obj("{'batch':[{'type':'track','userId':'u','writeKey':'SECRET'}]}"));
    RejectedMessage rej = r.rejected().get(0);
    assertThat(new String(rej.original(), StandardCharsets.UTF_8))
        .doesNotContain("SECRET")
        .doesNotContain("writeKey");
    assertThat(rej.message()).doesNotContain("SECRET");
  }

  private IngestResult batch(ObjectNode body) {
    try {
      return ingest.batch(body, CTX, LIMITS);
    } catch (IngestException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}
