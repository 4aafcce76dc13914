package dev.sluice.workers.webhook;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code X-Signature}: the hex HMAC-SHA1 of the body, what Segment's webhook receivers verify. */
public final class Signature {
  public static final String HEADER = "X-Signature";

  private final SecretKeySpec key;

  public Signature(String secret) {
    this.key =
        new SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA1");
  }

  public String sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JVM", e);
    }
  }

  @Override
  public String toString() {
    return "Signature[secret hidden]";
  }
}
