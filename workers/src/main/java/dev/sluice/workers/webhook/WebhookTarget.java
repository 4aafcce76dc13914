package dev.sluice.workers.webhook;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;

/**
 * The host and port a webhook URL names, resolved to one address per request (the JVM caches
 * lookups for their TTL, so this is a map lookup on the hot path).
 */
final class WebhookTarget {
  private final Vertx vertx;
  private final String host;
  private final int port;

  WebhookTarget(Vertx vertx, String url) {
    this.vertx = vertx;
    URI uri = URI.create(url);
    String h = uri.getHost();
    this.host = h != null && h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
    this.port =
        uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  int port() {
    return port;
  }

  /** The first address the host resolves to; a lookup blocks, so it runs off the event loop. */
  Future<InetAddress> resolve() {
    return vertx.executeBlocking(() -> InetAddress.getByName(host), false);
  }
}
