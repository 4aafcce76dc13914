package dev.sluice.bench.warehouse;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.message.MessageJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Track messages as analytics.js sends them after the gateway's enrichment (about 700 bytes): five
 * event names, eight properties of every inferred type, a nested object, an array, the usual
 * context. Seeded, so two runs load the same rows.
 */
final class BenchMessages {
  private static final String[] EVENTS = {
    "Order Completed", "Product Viewed", "Product Added", "Checkout Started", "Signed Up"
  };

  private BenchMessages() {}

  static List<byte[]> generate(int n, long seed) {
    Random random = new Random(seed);
    JsonNodeFactory f = JsonNodeFactory.instance;
    Instant base = Instant.parse("2026-11-29T10:00:00Z");
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Instant at = base.plusMillis(i * 7L);
      ObjectNode m = f.objectNode();
      m.put("type", "track");
      m.put("messageId", new UUID(seed, i).toString());
      m.put("userId", "user-" + random.nextInt(5000));
      m.put("anonymousId", new UUID(random.nextLong(), random.nextLong()).toString());
      m.put("event", EVENTS[i % EVENTS.length]);
      ObjectNode p = m.putObject("properties");
      p.put("orderId", "o-" + i);
      p.put(
          "revenue",
          f.numberNode(new java.math.BigDecimal(random.nextInt(100000)).movePointLeft(2)));
      p.put("quantity", 1 + random.nextInt(5));
      p.put("currency", "EUR");
      p.put("coupon", random.nextBoolean() ? "WINTER" : null);
      p.put("firstPurchase", random.nextBoolean());
      p.put("deliveredBy", at.plusSeconds(86400 * 3).toString());
      p.putObject("shipping").put("method", "express").put("country", "FR");
      p.putArray("skus").add("B-" + random.nextInt(100)).add("C-" + random.nextInt(100));
      ObjectNode c = m.putObject("context");
      c.put("ip", "203.0.113." + random.nextInt(255));
      c.put("locale", "fr-FR");
      c.put(
          "userAgent",
          "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0");
      c.putObject("library").put("name", "analytics.js").put("version", "2.11.1");
      c.putObject("page")
          .put("url", "https://shop.example.com/checkout?step=" + (i % 4))
          .put("path", "/checkout")
          .put("title", "Checkout");
      m.put("receivedAt", at.toString());
      m.put("sentAt", at.minusMillis(120).toString());
      m.put("originalTimestamp", at.minusMillis(150).toString());
      m.put("timestamp", at.minusMillis(30).toString());
      out.add(MessageJson.write(m));
    }
    return out;
  }
}
