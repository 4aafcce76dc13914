package dev.sluice.cli.sink;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** An HTTP server that accepts deliveries on any path and hands each to a listener. */
public final class WebhookReceiver implements AutoCloseable {
  private final Vertx vertx;
  private final HttpServer server;

  /**
   * @param signingSecret null accepts any signature
   * @param status what every delivery is answered with
   */
  public record Settings(String signingSecret, int status) {
    @Override
    public String toString() {
      return "Settings[status=" + status + ", signed=" + (signingSecret != null) + "]";
    }
  }

  /** One request as received. */
  public record Delivery(
      Instant receivedAt,
      String method,
      String path,
      String contentType,
      String userAgent,
      Signature signature,
      String body) {}

  /** What became of the X-Signature check. */
  public enum Signature {
    NOT_CHECKED,
    VALID,
    MISSING,
    INVALID
  }

  private WebhookReceiver(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  public static WebhookReceiver start(
      String host, int port, Settings settings, Consumer<Delivery> listener) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer server =
          vertx
              .createHttpServer()
              .requestHandler(request -> handle(request, settings, listener))
              .listen(port, host)
              .await(30, TimeUnit.SECONDS);
      return new WebhookReceiver(vertx, server);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException(
          "could not listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.actualPort();
  }

  private static void handle(
      HttpServerRequest request, Settings settings, Consumer<Delivery> listener) {
    request
        .body()
        .onSuccess(
            body -> {
              Signature signature = check(settings.signingSecret(), request, body);
              listener.accept(
                  new Delivery(
                      Instant.now(),
                      request.method().name(),
                      request.uri(),
                      request.getHeader("Content-Type"),
                      request.getHeader("User-Agent"),
                      signature,
                      body.toString(StandardCharsets.UTF_8)));
              boolean rejected = signature == Signature.MISSING || signature == Signature.INVALID;
              request
                  .response()
                  .setStatusCode(rejected ? 401 : settings.status())
                  .putHeader("Content-Type", "application/json")
                  .end(rejected ? "{\"error\":\"bad signature\"}" : "{\"ok\":true}");
            });
  }

  private static Signature check(String secret, HttpServerRequest request, Buffer body) {
    if (secret == null) {
      return Signature.NOT_CHECKED;
    }
    String given = request.getHeader("X-Signature");
    if (given == null) {
      return Signature.MISSING;
    }
    byte[] expected = hmacSha1Hex(secret, body.getBytes()).getBytes(StandardCharsets.US_ASCII);
    byte[] actual = given.trim().toLowerCase().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, actual) ? Signature.VALID : Signature.INVALID;
  }

  /** What Segment's webhook receivers verify: hex HMAC-SHA1 of the raw body. */
  public static String hmacSha1Hex(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JVM", e);
    }
  }

  @Override
  public void close() {
    try {
      server.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Closing anyway.
    }
    vertx.close();
  }
}
