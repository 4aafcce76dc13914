package dev.sluice.api.message;

import static dev.sluice.api.message.Fixtures.CLOCK;
import static dev.sluice.api.message.Fixtures.CTX;
import static dev.sluice.api.message.Fixtures.LIMITS;
import static dev.sluice.api.message.Fixtures.PARSER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The raw path either declines a request or gives exactly what the tree path gives: the same
 * accepted messages, keys and ids, and byte for byte the same records. Checked on an
 * analytics.js-style message and on thousands of generated bodies, most in the raw subset and many
 * just outside it (whitespace, escapes, odd numbers, repeated keys, rejections, numeric ids).
 */
class RawIngestTest {
  /** Whether the body being generated may hold unusual values (else only the usual ones). */
  private boolean noisy;

  private static final Ingest TREE = new Ingest(CLOCK);
  private static final RawIngest RAW = new RawIngest(CLOCK);

  private static final String ANALYTICS_JS =
      "{\"type\":\"track\",\"event\":\"Product Added\",\"messageId\":\"ajs-next-1\","
          + "\"anonymousId\":\"a-1\",\"userId\":\"user-1\",\"timestamp\":\"2026-11-29T03:10:00.000Z\","
          + "\"sentAt\":\"2026-11-29T03:10:00.120Z\",\"properties\":{\"sku\":\"G-32\",\"price\":18.99,"
          + "\"quantity\":1,\"name\":\"Monopoly: 3rd Edition\"},\"context\":{\"library\":{\"name\":"
          + "\"analytics.js\",\"version\":\"next-1.70.0\"},\"page\":{\"path\":\"/product\"},"
          + "\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64)\"},\"integrations\":{}}";

  @Test
  void anAnalyticsJsMessageTakesTheRawPathWithTheTreePathsBytes() throws Exception {
    byte[] body = utf8(ANALYTICS_JS);
    RawIngest.Scanned scanned = RawIngest.scanSingle(body);
    assertThat(scanned).isNotNull();
    IngestResult raw = RAW.single(scanned, MessageType.TRACK, CTX, LIMITS);
    assertThat(raw).isNotNull();
    assertSame(raw, TREE.single(PARSER.parse(body), body.length, MessageType.TRACK, CTX, LIMITS));
    assertThat(new String(raw.accepted().get(0).json(), StandardCharsets.UTF_8))
        .contains("\"ip\":\"203.0.113.7\"}", "\"originalTimestamp\":\"2026-11-29T03:10:00.000Z\"");

    byte[] batch =
        utf8(
            "{\"batch\":["
                + ANALYTICS_JS
                + ","
                + ANALYTICS_JS.replace("\"sentAt\":\"2026-11-29T03:10:00.120Z\",", "")
                + "],\"sentAt\":\"2026-11-29T03:10:01.000Z\",\"writeKey\":\"wk\"}");
    RawIngest.Scanned scannedBatch = RawIngest.scanBatch(batch);
    assertThat(scannedBatch.writeKey()).isEqualTo("wk");
    IngestResult rawBatch = RAW.batch(scannedBatch, CTX, LIMITS);
    assertThat(rawBatch).isNotNull();
    assertSame(rawBatch, TREE.batch(PARSER.parseSpanned(batch), CTX, LIMITS));
  }

  @Test
  void declinesWhatItDoesNotReadAndNeverDiffersFromTheTreePath() {
    Random random = new Random(14);
    int raw = 0;
    int cases = 4000;
    for (int i = 0; i < cases; i++) {
      noisy = random.nextInt(3) > 0;
      raw += batchCase(random) ? 1 : 0;
      raw += singleCase(random) ? 1 : 0;
    }
    // Most generated bodies are in the subset, so the comparison is not vacuous.
    assertThat(raw).as("bodies the raw path took").isGreaterThan(cases / 10);
  }

  private boolean batchCase(Random random) {
    List<String> messages = new ArrayList<>();
    for (int n = 1 + random.nextInt(3); n > 0; n--) {
      messages.add(message(random));
    }
    List<String> envelope = new ArrayList<>();
    envelope.add("\"batch\":" + ws(random) + "[" + String.join("," + ws(random), messages) + "]");
    pick(random, envelope, "\"sentAt\":", "\"2026-11-29T03:10:02.000Z\"", "null", "5", "\"soon\"");
    pick(random, envelope, "\"context\":", "{}", "null", "{\"ip\":\"198.51.100.1\"}", "[]");
    pick(random, envelope, "\"integrations\":", "{}", "null", "{\"All\":false}");
    pick(random, envelope, "\"writeKey\":", "\"wk\"", "null", "3");
    pick(random, envelope, "\"other\":", "{\"a\":[1,2]}", "{ \"a\" : 1 }");
    if (random.nextInt(30) == 0) {
      envelope.add(envelope.get(0)); // a repeated "batch"
    }
    Collections.shuffle(envelope, random);
    byte[] body = utf8(ws(random) + "{" + String.join("," + ws(random), envelope) + "}");

    RawIngest.Scanned scanned = RawIngest.scanBatch(body);
    if (scanned == null) {
      return false;
    }
    MessageParser.Spanned tree;
    try {
      tree = PARSER.parseSpanned(body);
    } catch (IngestException e) {
      throw new AssertionError("raw path read a body the tree path refuses: " + str(body), e);
    }
    assertThat(scanned.writeKey()).as(str(body)).isEqualTo(Ingest.writeKeyOf(tree.body()));
    IngestResult raw = RAW.batch(scanned, CTX, LIMITS);
    if (raw == null) {
      return false;
    }
    try {
      assertSame(raw, TREE.batch(tree, CTX, LIMITS));
    } catch (IngestException | AssertionError e) {
      throw new AssertionError("differs on " + str(body) + ": " + e.getMessage(), e);
    }
    return true;
  }

  private boolean singleCase(Random random) {
    byte[] body = utf8(ws(random) + message(random) + ws(random));
    MessageType type = MessageType.values()[random.nextInt(MessageType.values().length)];
    IngestContext ctx =
        switch (random.nextInt(4)) {
          case 0 -> null;
          case 1 -> new IngestContext("2001:db8::1");
          default -> CTX;
        };
    RawIngest.Scanned scanned = RawIngest.scanSingle(body);
    if (scanned == null) {
      return false;
    }
    IngestResult raw = RAW.single(scanned, type, ctx, LIMITS);
    if (raw == null) {
      return false;
    }
    try {
      var tree = PARSER.parse(body);
      assertThat(scanned.writeKey()).isEqualTo(Ingest.writeKeyOf(tree));
      assertSame(raw, TREE.single(tree, body.length, type, ctx, LIMITS));
    } catch (IngestException | AssertionError e) {
      throw new AssertionError("differs on " + str(body) + ": " + e.getMessage(), e);
    }
    return true;
  }

  /** A message with fields drawn from what clients send, and from what they should not. */
  private String message(Random r) {
    List<String> fields = new ArrayList<>();
    pick(r, fields, "\"type\":", "\"track\"", "\"identify\"", "\"group\"", "\"alias\"", "\"x\"");
    pick(r, fields, "\"event\":", "\"Order Completed\"", "\"\"", "null", "7", "\"caf\u00e9\"");
    pick(r, fields, "\"userId\":", "\"u-1\"", "\"\"", "42", "null", "\"\u00fcser\"");
    pick(r, fields, "\"anonymousId\":", "\"a-1\"", "null", "\"\"");
    pick(r, fields, "\"previousId\":", "\"p-1\"", "3");
    pick(r, fields, "\"groupId\":", "\"g-1\"", "null");
    pick(
        r, fields, "\"messageId\":", "\"m-1\"", "\"\"", "null", "9", "\"" + "m".repeat(120) + "\"");
    String[] times = {
      "\"2026-11-29T03:10:00.000Z\"", "\"2026-11-29T04:10:00+01:00\"", "\"yesterday\"", "null", "12"
    };
    pick(r, fields, "\"timestamp\":", times);
    pick(r, fields, "\"originalTimestamp\":", times);
    pick(r, fields, "\"sentAt\":", times);
    pick(r, fields, "\"receivedAt\":", times);
    pick(r, fields, "\"writeKey\":", "\"wk-in-message\"", "null", "1");
    pick(r, fields, "\"properties\":", value(r, 0), "{\"revenue\":18.990}", "[]", "\"p\"", "null");
    pick(r, fields, "\"traits\":", "{\"email\":\"a@b.c\"}", "{}", "5");
    String[] contexts = {
      "{\"library\":{\"name\":\"analytics.js\"}}",
      "{}",
      "{\"ip\":\"192.0.2.9\",\"locale\":\"en\"}",
      "{\"ip\":null}",
      "{\"ip\":false}",
      "{\"page\":" + value(r, 0) + "}",
      "null",
      "\"c\"",
    };
    pick(r, fields, "\"context\":", contexts);
    pick(r, fields, "\"integrations\":", "{}", "{\"All\":true}", "null", "[]");
    for (int extra = r.nextInt(3); extra > 0; extra--) {
      fields.add("\"" + KEYS[r.nextInt(KEYS.length)] + "\":" + value(r, 0));
    }
    if (noisy && r.nextInt(10) == 0 && !fields.isEmpty()) {
      fields.add(fields.get(r.nextInt(fields.size()))); // a repeated key
    }
    Collections.shuffle(fields, r);
    String sep = noisy && r.nextInt(10) == 0 ? ", " : ",";
    String colon = noisy && r.nextInt(10) == 0 ? " : " : ":";
    return "{" + String.join(sep, fields).replace("\":", "\"" + colon) + "}";
  }

  private static final String[] KEYS = {"k", "library", "ip", "caf\u00e9", "\u00e9\u00e8", "deep"};

  private static final String[] SCALARS = {
    "0",
    "-1",
    "18.99",
    "18.990",
    "0.000001",
    "0.0000001",
    "1e5",
    "1E-7",
    "-0",
    "-0.0",
    "0.5",
    "12345678901234567890123",
    "true",
    "false",
    "null",
    "\"plain\"",
    "\"\u00e9\ud83d\ude00\"",
    "\"tab\\tin\"",
    "\"\\u00e9\"",
    "\"quote\\\"d\"",
    "\"a/b\\/c\"",
    "\"del\u007f\"",
    "\"\"",
    "\"\u2028\"",
  };

  private String value(Random r, int depth) {
    int pick = r.nextInt(depth > 3 ? 1 : 4);
    return switch (pick) {
      case 0 -> SCALARS[r.nextInt(noisy ? SCALARS.length : 4)];
      case 1 -> {
        List<String> items = new ArrayList<>();
        for (int n = r.nextInt(3); n > 0; n--) {
          items.add(value(r, depth + 1));
        }
        yield "[" + String.join(",", items) + "]";
      }
      default -> {
        List<String> items = new ArrayList<>();
        for (int n = r.nextInt(4); n > 0; n--) {
          items.add("\"" + KEYS[r.nextInt(KEYS.length)] + "\":" + value(r, depth + 1));
        }
        yield "{" + String.join(",", items) + "}";
      }
    };
  }

  private void pick(Random r, List<String> fields, String name, String... values) {
    // Mostly the first (usual) value, so that many bodies are in the raw subset.
    if (r.nextInt(4) > 0) {
      fields.add(name + values[noisy ? r.nextInt(values.length) : 0]);
    }
  }

  private String ws(Random r) {
    return noisy && r.nextInt(10) == 0 ? " \n" : "";
  }

  /** The same accepted messages; a generated messageId may differ, so it is matched first. */
  private static void assertSame(IngestResult raw, IngestResult tree) {
    assertThat(tree.rejected()).isEmpty();
    assertThat(raw.rejected()).isEmpty();
    assertThat(raw.accepted()).hasSameSizeAs(tree.accepted());
    for (int i = 0; i < raw.accepted().size(); i++) {
      AcceptedMessage a = raw.accepted().get(i);
      AcceptedMessage b = tree.accepted().get(i);
      assertThat(a.index()).isEqualTo(b.index());
      assertThat(a.type()).isEqualTo(b.type());
      assertThat(a.key()).isEqualTo(b.key());
      String json = str(a.json());
      if (!a.messageId().equals(b.messageId())) {
        assertThat(a.messageId()).hasSize(36); // both generated
        json = json.replace(a.messageId(), b.messageId());
      }
      assertThat(json).isEqualTo(str(b.json()));
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
