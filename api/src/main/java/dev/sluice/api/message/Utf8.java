package dev.sluice.api.message;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
 * Jackson rejects most invalid UTF-8 but decodes overlong two-byte forms ({@code C0 AF} becomes
 * {@code "/"}), which is how filters and path checks downstream get fooled; checking the body here
 * first makes every invalid sequence fail alike.
 */
public final class Utf8 {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Utf8() {}

  /** The offset of the first byte that does not start a valid sequence, or -1 when all is valid. */
  public static int firstInvalid(byte[] b) {
    int i = 0;
    int n = b.length;
    while (i < n) {
      if (i + 8 <= n && ((long) LONGS.get(b, i) & 0x8080808080808080L) == 0) {
        i += 8; // eight ASCII bytes at once
        continue;
      }
      int c = b[i];
      if (c >= 0) { // ASCII: the common case
        i++;
        continue;
      }
      c &= 0xff;
      int need;
      int min;
      if (c >= 0xc2 && c <= 0xdf) {
        need = 1;
        min = 0x80;
      } else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        min = 0x800;
      } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        min = 0x10000;
      } else {
        return i; // a continuation byte, C0/C1 (always overlong) or F5..FF
      }
      if (i + need >= n) {
        return i; // truncated at the end
      }
      int cp = c & (0x3f >> need);
      for (int k = 1; k <= need; k++) {
        int cont = b[i + k] & 0xff;
        if ((cont & 0xc0) != 0x80) {
          return i;
        }
        cp = (cp << 6) | (cont & 0x3f);
      }
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        return i;
      }
      i += need + 1;
    }
    return -1;
  }
}
