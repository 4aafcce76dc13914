package dev.sluice.api.message;

import static dev.sluice.api.message.Fixtures.CLOCK;
import static dev.sluice.api.message.Fixtures.CTX;
import static dev.sluice.api.message.Fixtures.LIMITS;
import static dev.sluice.api.message.Fixtures.NOW;
import static dev.sluice.api.message.Fixtures.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SegmentMessageTest {
  private final Ingest ingest = new Ingest(CLOCK);

  @Test
  void readsWhatIngestWrote() throws IOException {
    AcceptedMessage a =
        ingest
            .single(
                obj(
                    "{'userId':'u1','anonymousId':'a1','event':'Signed Up','messageId':'m-1',"
                        + "'properties':{'plan':'pro'},'integrations':{'All':true},"
                        + "'timestamp':'2026-11-29T03:00:00.000Z','sentAt':'2026-11-29T03:00:01.000Z'}"),
                MessageType.TRACK,
                CTX,
                LIMITS)
            .accepted()
            .get(0);
    SegmentMessage m = SegmentMessage.parse(a.json());
    assertThat(m.type()).contains(MessageType.TRACK);
    assertThat(m.messageId()).contains("m-1");
    assertThat(m.userId()).contains("u1");
    assertThat(m.anonymousId()).contains("a1");
    assertThat(m.key()).contains("u1");
    assertThat(m.event()).contains("Signed Up");
    assertThat(m.properties().orElseThrow().get("plan").textValue()).isEqualTo("pro");
    assertThat(m.traits()).isEmpty();
    assertThat(m.context().orElseThrow().get("ip").textValue()).isEqualTo("203.0.113.7");
    assertThat(m.integrations().orElseThrow().get("All").booleanValue()).isTrue();
    assertThat(m.receivedAt()).contains(Instant.parse(NOW));
    assertThat(m.originalTimestamp()).contains(Instant.parse("2026-11-29T03:00:00Z"));
    assertThat(m.sentAt()).contains(Instant.parse("2026-11-29T03:00:01Z"));
    assertThat(m.timestamp()).contains(Instant.parse("2026-11-29T03:04:04.678Z"));
    assertThat(m.toBytes()).isEqualTo(a.json());
  }

  @Test
  void typeSpecificFields() throws IOException {
    SegmentMessage group =
        SegmentMessage.parse(
            Fixtures.json("{'type':'group','anonymousId':7,'groupId':99,'traits':{'n':1}}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(group.type()).contains(MessageType.GROUP);
    assertThat(group.userId()).isEmpty();
    assertThat(group.key()).contains("7");
    assertThat(group.groupId()).contains("99");
    assertThat(group.traits()).isPresent();
    assertThat(group.field("nope").isMissingNode()).isTrue();

    SegmentMessage alias =
        SegmentMessage.parse(
            Fixtures.json("{'type':'alias','userId':'new','previousId':'old'}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(alias.previousId()).contains("old");

    SegmentMessage page =
        SegmentMessage.parse(
            Fixtures.json("{'type':'page','name':'Home','timestamp':'bad'}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(page.name()).contains("Home");
    assertThat(page.timestamp()).isEmpty();
    assertThat(page.event()).isEmpty();

    SegmentMessage odd = SegmentMessage.parse("{\"type\":5}".getBytes(StandardCharsets.UTF_8));
    assertThat(odd.type()).isEmpty();
  }

  @Test
  void notAnObjectIsAnError() {
    assertThatThrownBy(() -> SegmentMessage.parse("[1]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("object");
  }
}
