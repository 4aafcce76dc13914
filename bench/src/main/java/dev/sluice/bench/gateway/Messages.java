package dev.sluice.bench.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Realistic analytics.js-style track messages of about 700 bytes, and batches of them. */
public final class Messages {
  private Messages() {}

  static String track(int n) {
    return track(n, "\"product_id\":\"507f1f77bcf86cd7994390" + (n % 100) + "\"");
  }

  /**
   * The {@code n}th message (user {@code n % 5000}, fresh ids) with {@code firstProperty} (a JSON
   * {@code "key":value}) before the product's properties.
   */
  public static String track(int n, String firstProperty) {
    return "{\"type\":\"track\",\"event\":\"Product Added\",\"messageId\":\"ajs-next-"
        + UUID.randomUUID()
        + "\",\"anonymousId\":\""
        + UUID.randomUUID()
        + "\",\"userId\":\"user-"
        + (n % 5000)
        + "\",\"timestamp\":\"2026-11-29T03:10:00.000Z\",\"sentAt\":\"2026-11-29T03:10:00.120Z\","
        + "\"properties\":{"
        + firstProperty
        + ",\"sku\":\"G-32\",\"category\":\"Games\",\"name\":\"Monopoly: 3rd Edition\","
        + "\"brand\":\"Hasbro\",\"price\":18.99,\"quantity\":1,"
        + "\"url\":\"https://shop.example.com/product\"},"
        + "\"context\":{\"library\":{\"name\":\"analytics.js\",\"version\":\"next-1.70.0\"},"
        + "\"page\":{\"path\":\"/product\",\"referrer\":\"https://www.example.com/\","
        + "\"title\":\"Monopoly\",\"url\":\"https://shop.example.com/product\"},"
        + "\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/120.0\"},\"integrations\":{}}";
  }

  /** {@code count} distinct bodies, each a batch of {@code size} messages. */
  static List<byte[]> batches(int count, int size) {
    List<byte[]> out = new ArrayList<>(count);
    int n = 0;
    for (int b = 0; b < count; b++) {
      StringBuilder body = new StringBuilder(size * 760 + 64).append("{\"batch\":[");
      for (int i = 0; i < size; i++) {
        body.append(i > 0 ? "," : "").append(track(n++));
      }
      body.append("],\"sentAt\":\"2026-11-29T03:10:00.120Z\"}");
      out.add(body.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  static List<byte[]> singles(int count) {
    List<byte[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(track(i).getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }
}
