package dev.sluice.api.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Write keys leave the control plane only as hashes; this is the one place they are made. */
public final class WriteKeys {
  private WriteKeys() {}

  /** SHA-256 of the key, lower-case hex: what the gateway's configuration holds. */
  public static String hash(String writeKey) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(writeKey.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  /** A short id for a key, safe to put in Kafka headers and logs. */
  public static String id(String writeKeyHash) {
    return writeKeyHash.substring(0, 12);
  }
}
