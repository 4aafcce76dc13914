package dev.sluice.api.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a shallow message from {@link RawIngest}: raw text where the body had it, and the values
 * the enrichment set (timestamps, ids, an address) as {@link MessageJson} writes them, so that the
 * record is byte for byte what the tree path logs.
 */
final class RawWriter {
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] IP = {',', '"', 'i', 'p', '"', ':', '"'};

  private RawWriter() {}

  private static final ThreadLocal<Out> OUT = ThreadLocal.withInitial(Out::new);

  static byte[] write(byte[] body, ObjectNode m) {
    Out out = OUT.get();
    out.count = 0;
    out.put((byte) '{');
    boolean first = true;
    Iterator<Map.Entry<String, JsonNode>> it = m.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!first) {
        out.put((byte) ',');
      }
      first = false;
      string(out, e.getKey());
      out.put((byte) ':');
      value(out, body, e.getValue());
    }
    out.put((byte) '}');
    byte[] json = Arrays.copyOf(out.buf, out.count);
    if (out.buf.length > 64 * 1024) {
      out.buf = new byte[2048]; // a large message does not pin its buffer to the thread
    }
    return json;
  }

  private static void value(Out out, byte[] body, JsonNode v) {
    if (v instanceof RawText t) {
      out.put(body, t.start, t.end - t.start);
    } else if (v instanceof RawSpan s) {
      out.put(body, s.start, s.end - s.start);
    } else if (v instanceof RawObject o) {
      if (!o.onlyIpAdded()) {
        throw new IllegalStateException("a raw object was changed beyond its ip");
      }
      String ip = o.addedIp();
      if (ip == null) {
        out.put(body, o.start, o.end - o.start);
      } else {
        boolean empty = o.end - o.start == 2;
        out.put(body, o.start, o.end - o.start - 1);
        out.put(IP, empty ? 1 : 0, empty ? IP.length - 1 : IP.length);
        out.put(ip.getBytes(StandardCharsets.US_ASCII), 0, ip.length());
        out.put((byte) '"');
        out.put((byte) '}');
      }
    } else if (v instanceof NullNode) {
      out.put(NULL, 0, NULL.length);
    } else if (v instanceof TextNode t && plainAscii(t.textValue())) {
      out.put((byte) '"');
      ascii(out, t.textValue());
      out.put((byte) '"');
    } else {
      byte[] json = MessageJson.write(v); // e.g. a context created for the address alone
      out.put(json, 0, json.length);
    }
  }

  /** A key as the tree path writes it: the body's keys have no escapes, so their UTF-8 text. */
  private static void string(Out out, String s) {
    out.put((byte) '"');
    if (plainAscii(s)) {
      ascii(out, s);
    } else {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      out.put(utf8, 0, utf8.length);
    }
    out.put((byte) '"');
  }

  private static void ascii(Out out, String s) {
    int n = s.length();
    out.ensure(n);
    for (int i = 0; i < n; i++) {
      out.buf[out.count++] = (byte) s.charAt(i);
    }
  }

  /** Printable ASCII that JSON writes unescaped: no quote, no backslash, no control character. */
  static boolean plainAscii(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /** An unsynchronised growable byte buffer, one per thread. */
  private static final class Out {
    byte[] buf = new byte[2048];
    int count;

    void put(byte c) {
      ensure(1);
      buf[count++] = c;
    }

    void put(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }

    void ensure(int more) {
      if (count + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
      }
    }
  }
}
