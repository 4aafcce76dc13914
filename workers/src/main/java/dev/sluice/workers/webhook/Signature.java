package dev.sluice.workers.webhook;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code X-Signature}: the hex HMAC-SHA1 of the body, what Segment's webhook receivers verify. */
public final class Signature {
  public static final String HEADER = "X-Signature";

  // Mac.getInstance looks up providers each time: keep one initialised Mac per thread.
  private final ThreadLocal<Mac> mac;

  public Signature(String secret) {
    SecretKeySpec key =
        new SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA1");
    this.mac =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac m = Mac.getInstance("HmacSHA1");
                m.init(key);
                return m;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA1 is part of every JVM", e);
              }
            });
  }

  public String sign(byte[] body) {
    return HexFormat.of().formatHex(mac.get().doFinal(body));
  }

  @Override
  public String toString() {
    return "Signature[secret hidden]";
  }
}
