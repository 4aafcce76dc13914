package dev.sluice.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.SourceConfig;
import dev.sluice.api.config.WriteKeys;
import dev.sluice.gateway.http.ApiError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteKeyAuthTest {
  final SourceIndex table =
      SourceIndex.of(
          new GatewayConfig(
              List.of(
                  new SourceConfig(
                      "ns",
                      "web",
                      "t",
                      "t.rejected",
                      List.of(WriteKeys.hash("k1")),
                      true,
                      Defaults.INGEST_LIMITS,
                      List.of("https://a.example")))));

  @Test
  void basicCarriesTheKeyAsUserNameOrPassword() throws Exception {
    assertThat(WriteKeyAuth.fromBasic("Basic " + b64("k1:"))).isEqualTo("k1");
    assertThat(WriteKeyAuth.fromBasic("basic " + b64(":k1"))).isEqualTo("k1");
    assertThat(WriteKeyAuth.fromBasic("Basic " + b64("k1"))).isEqualTo("k1");
    assertThatThrownBy(() -> WriteKeyAuth.fromBasic("Basic %%%"))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(401));
    assertThatThrownBy(() -> WriteKeyAuth.fromBasic("Basic " + b64(":")))
        .isInstanceOfSatisfying(
            ApiError.class, e -> assertThat(e.code().wireName()).isEqualTo("missing_write_key"));
  }

  @Test
  void theHeaderKeyWinsOverTheBodyKey() throws Exception {
    assertThat(WriteKeyAuth.authenticate("k1", "wrong", table).source().name()).isEqualTo("web");
    assertThatThrownBy(() -> WriteKeyAuth.authenticate("wrong", "k1", table))
        .isInstanceOfSatisfying(
            ApiError.class, e -> assertThat(e.code().wireName()).isEqualTo("invalid_write_key"));
    assertThat(WriteKeyAuth.authenticate(null, "k1", table).keyId())
        .isEqualTo(WriteKeys.id(WriteKeys.hash("k1")));
  }

  @Test
  void theErrorNeverEchoesTheKey() {
    assertThatThrownBy(() -> WriteKeyAuth.authenticate("secret-key-123", null, table))
        .hasMessageNotContaining("secret-key-123");
  }

  @Test
  void originsFollowTheSource() {
    assertThat(table.anySourceAllows("https://a.example")).isTrue();
    assertThat(table.anySourceAllows("https://b.example")).isFalse();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
