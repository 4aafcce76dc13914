package dev.sluice.api.routing;

import java.nio.charset.StandardCharsets;

/**
 * Keeps a share of messages chosen by a stable hash of the messageId: FNV-1a 64 over its UTF-8
 * bytes, then murmur3's 64-bit finaliser so every bit mixes, then the unsigned remainder by 10,000
 * compared with {@code percent * 100}. The same messageId always gets the same decision, in every
 * worker and after every restart, so a retried or replayed message is sampled the same way.
 */
final class Sampler {
  static final int BUCKETS = 10_000;
  private final int percent;

  Sampler(int percent) {
    this.percent = percent;
  }

  int percent() {
    return percent;
  }

  boolean keeps(String messageId) {
    return bucket(messageId) < percent * 100L;
  }

  /** 0..9999, stable for a given id. */
  static int bucket(String messageId) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : messageId.getBytes(StandardCharsets.UTF_8)) {
      hash ^= (b & 0xff);
      hash *= 0x100000001b3L;
    }
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ceb9fe1a85ec53L;
    hash ^= hash >>> 33;
    return (int) Long.remainderUnsigned(hash, BUCKETS);
  }
}
