package dev.sluice.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BodyReaderTest {
  @Test
  void inflatesGzipWithinTheLimit() throws Exception {
    byte[] body = "{\"batch\":[]}".getBytes(StandardCharsets.UTF_8);
    assertThat(BodyReader.decode("gzip", gzip(body), 100)).isEqualTo(body);
    assertThat(BodyReader.decode(null, body, 100)).isEqualTo(body);
  }

  @Test
  void aBombStopsAtTheLimitNotAtItsFullSize() throws Exception {
    byte[] bomb = gzip(new byte[50 * 1024 * 1024]);
    assertThat(bomb.length).isLessThan(100 * 1024);
    assertThatThrownBy(() -> BodyReader.decode("gzip", bomb, 512_000))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(413));
  }

  @Test
  void truncatedOrCorruptGzipIsA400() throws Exception {
    byte[] whole = gzip("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> BodyReader.decode("gzip", Arrays.copyOf(whole, whole.length - 5), 100))
        .isInstanceOfSatisfying(
            ApiError.class, e -> assertThat(e.code().wireName()).isEqualTo("invalid_gzip"));
    assertThatThrownBy(() -> BodyReader.decode("gzip", "plain".getBytes(), 100))
        .isInstanceOfSatisfying(
            ApiError.class, e -> assertThat(e.code().wireName()).isEqualTo("invalid_gzip"));
  }

  @Test
  void otherEncodingsAreRefusedByName() {
    assertThatThrownBy(() -> BodyReader.decode("br", new byte[1], 100))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(415))
        .hasMessageContaining("br");
  }

  private static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(data);
    }
    return out.toByteArray();
  }
}
