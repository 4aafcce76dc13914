package dev.sluice.gateway.http;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * A request body gathered straight into the byte array the parser reads: each chunk is copied once,
 * into an array sized from {@code Content-Length} when the client sent one (a 76 KB batch used to
 * be copied twice, into a Vert.x buffer and then out of it). Not thread-safe: one request's chunks
 * arrive on its event loop.
 */
final class BodyBytes {
  private byte[] bytes;
  private int length;

  /** {@code expected}: the declared length, or -1 when unknown (chunked). */
  BodyBytes(long expected) {
    bytes = new byte[expected >= 0 ? (int) expected : 1024];
  }

  int length() {
    return length;
  }

  void append(Buffer chunk) {
    int n = chunk.length();
    if (length + n > bytes.length) {
      // Only without Content-Length (or a body longer than declared, which HTTP/1.1 framing stops).
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
    }
    chunk.getBytes(0, n, bytes, length);
    length += n;
  }

  /** The body; the same array when it filled it exactly (the usual case), else a trimmed copy. */
  byte[] toByteArray() {
    return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
  }
}
