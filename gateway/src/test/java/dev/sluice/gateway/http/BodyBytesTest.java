package dev.sluice.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyBytesTest {

  private static Buffer chunk(String s) {
    return Buffer.buffer(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(BodyBytes body) {
    return new String(body.toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void declaredLengthIsFilledInPlaceChunkByChunk() {
    BodyBytes body = new BodyBytes(11);
    body.append(chunk("hello"));
    body.append(chunk(" "));
    body.append(chunk("world"));
    assertThat(body.length()).isEqualTo(11);
    byte[] first = body.toByteArray();
    assertThat(body.toByteArray()).isSameAs(first); // no copy when exactly filled
    assertThat(text(body)).isEqualTo("hello world");
  }

  @Test
  void unknownLengthGrowsAcrossManyChunks() {
    BodyBytes body = new BodyBytes(-1);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      String part = "chunk-" + i + ";";
      expected.append(part);
      body.append(chunk(part));
    }
    assertThat(text(body)).isEqualTo(expected.toString());
  }

  @Test
  void shorterOrLongerThanDeclaredKeepsExactlyWhatArrived() {
    BodyBytes shorter = new BodyBytes(100);
    shorter.append(chunk("abc"));
    assertThat(text(shorter)).isEqualTo("abc");

    BodyBytes longer = new BodyBytes(2);
    longer.append(chunk("abcdef"));
    longer.append(chunk("gh"));
    assertThat(text(longer)).isEqualTo("abcdefgh");

    BodyBytes empty = new BodyBytes(0);
    assertThat(empty.toByteArray()).isEmpty();
  }
}
