package dev.sluice.workers.webhook;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * The host and port a webhook URL names, resolved to one address per request. An address written as
 * such (an IP literal) is that address: no lookup at all. A name is looked up off the event loop (a
 * lookup blocks) and the answer reused for {@link #REUSE_NANOS}: a worker-thread hop per request
 * cost more than the HTTP request itself on the single-event path (decision 0082), and the JVM
 * caches a lookup for 30 s anyway, so one second more changes nothing a user could see. Used on the
 * connector's context only.
 */
final class WebhookTarget {
  static final long REUSE_NANOS = 1_000_000_000L;

  private final Vertx vertx;
  private final String host;
  private final int port;
  private final Future<InetAddress> literal;
  private Future<InetAddress> last;
  private long lastNanos;

  WebhookTarget(Vertx vertx, String url) {
    this.vertx = vertx;
    URI uri = URI.create(url);
    String h = uri.getHost();
    this.host = h != null && h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
    this.port =
        uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    this.literal = literal(host);
  }

  int port() {
    return port;
  }

  /** The address to send to: the literal, or a lookup at most {@link #REUSE_NANOS} old. */
  Future<InetAddress> resolve() {
    if (literal != null) {
      return literal;
    }
    long now = System.nanoTime();
    if (last == null || now - lastNanos > REUSE_NANOS || last.failed()) {
      lastNanos = now;
      last = vertx.executeBlocking(() -> InetAddress.getByName(host), false);
    }
    return last;
  }

  /** The address when the host is an IPv4 or IPv6 literal (no lookup needed), else null. */
  private static Future<InetAddress> literal(String host) {
    if (host == null || !(host.contains(":") || dottedQuad(host))) {
      return null;
    }
    try {
      // A literal never causes a lookup: getByName only parses it.
      return Future.succeededFuture(InetAddress.getByName(host));
    } catch (UnknownHostException e) {
      return null; // looked like one but is not: looked up, and refused, per request as before
    }
  }

  /** Four decimal numbers of at most 255: what getByName parses without a lookup. */
  private static boolean dottedQuad(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return false;
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }
}
