package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.compiler.Defaults;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each Source's {@code cors.allowedOrigins} is matched exactly: near misses of an allowed origin
 * get no CORS header and their preflights a 403; a wildcard answers {@code *}, never the origin.
 */
@ExtendWith(SluiceInfra.class)
class CorsIT {
  static final String SHOP = "https://shop.example";
  static final String SHOP_KEY = "wk_cors_shop";
  static final String OPEN_KEY = "wk_cors_open";
  static TestGateway exact;
  static TestGateway wildcard;

  @BeforeAll
  static void start(EmbeddedKafka kafka) {
    exact =
        TestGateway.start(
            TestGateway.options(kafka.bootstrapServers()),
            new GatewayConfig(
                List.of(
                    TestGateway.source(
                        "cors-shop",
                        SHOP_KEY,
                        Defaults.INGEST_LIMITS,
                        List.of(SHOP, "https://admin.shop.example")),
                    TestGateway.source(
                        "cors-none", "wk_cors_none", Defaults.INGEST_LIMITS, List.of()))));
    wildcard =
        TestGateway.start(
            TestGateway.options(kafka.bootstrapServers()),
            new GatewayConfig(
                List.of(
                    TestGateway.source(
                        "cors-open", OPEN_KEY, Defaults.INGEST_LIMITS, List.of("*")))));
  }

  @AfterAll
  static void stop() {
    if (exact != null) {
      exact.close();
    }
    if (wildcard != null) {
      wildcard.close();
    }
  }

  /** Status line and headers (lower-cased names) of a preflight sent byte for byte. */
  static String preflight(TestGateway gw, String origin) throws Exception {
    try (RawHttp raw = new RawHttp(gw.gateway.port())) {
      return raw.send(
              "OPTIONS /v1/track HTTP/1.1\r\nHost: localhost\r\nOrigin: "
                  + origin
                  + "\r\nAccess-Control-Request-Method: POST\r\n"
                  + "Access-Control-Request-Headers: authorization,content-type\r\n\r\n")
          .readAnswer()
          .toLowerCase(Locale.ROOT);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {SHOP, "https://admin.shop.example"})
  void aPreflightFromAnAllowedOriginGetsThatOriginBack(String origin) throws Exception {
    String answer = preflight(exact, origin);
    assertThat(answer).startsWith("http/1.1 204");
    assertThat(answer).contains("access-control-allow-origin: " + origin + "\r\n");
    assertThat(answer).contains("access-control-allow-headers: authorization, content-type");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://evil.example",
        "https://shop.example.evil.example",
        "https://evilshop.example",
        "https://evil.shop.example",
        "http://shop.example",
        "https://shop.example:8443",
        "https://shop.example/",
        "https://shop.example/path",
        "https://SHOP.EXAMPLE",
        "null",
        "https://shop.example, https://evil.example",
        "*",
      })
  void aPreflightFromAForeignOriginIsRefusedWithoutCorsHeaders(String origin) throws Exception {
    String answer = preflight(exact, origin);
    assertThat(answer).startsWith("http/1.1 403");
    assertThat(answer).contains("\"code\":\"origin_not_allowed\"");
    assertThat(answer).doesNotContain("access-control-allow-origin");
  }

  @Test
  void aRequestFromAForeignOriginGetsNoCorsHeaderEvenWithAGoodKey() throws Exception {
    var answer =
        exact.post(
            "/v1/track",
            "{\"userId\":\"u\",\"event\":\"E\"}",
            "Origin",
            "https://evil.example",
            "Authorization",
            TestGateway.basic(SHOP_KEY));
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void anOriginAllowedByAnotherSourceGetsNoCorsHeaderOnThisSourcesAnswers() throws Exception {
    var answer =
        exact.post(
            "/v1/track",
            "{\"userId\":\"u\",\"event\":\"E\"}",
            "Origin",
            SHOP,
            "Authorization",
            TestGateway.basic("wk_cors_none"));
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void aWildcardAnswersStarAndNeverReflectsTheOrigin() throws Exception {
    String answer = preflight(wildcard, "https://anyone.example");
    assertThat(answer).startsWith("http/1.1 204");
    assertThat(answer).contains("access-control-allow-origin: *\r\n");
    assertThat(answer).doesNotContain("anyone.example");
    var post =
        wildcard.post(
            "/v1/track",
            "{\"userId\":\"u\",\"event\":\"E\"}",
            "Origin",
            "https://anyone.example",
            "Authorization",
            TestGateway.basic(OPEN_KEY));
    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(post.headers().allValues("Access-Control-Allow-Origin")).containsExactly("*");
  }
}
