package dev.sluice.gateway.settings;

import dev.sluice.gateway.auth.Authenticated;
import dev.sluice.gateway.auth.WriteKeyAuth;
import dev.sluice.gateway.http.ApiError;
import dev.sluice.gateway.http.ClientIp;
import dev.sluice.gateway.http.Exchange;
import dev.sluice.gateway.http.Json;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The minimal settings analytics.js needs to send to this gateway: the Segment.io integration with
 * {@code apiHost} pointing here, default tracking plans, and telemetry sampling off. A browser can
 * then load analytics.js with this host as both its CDN and its API host.
 */
public final class SettingsHandler implements Handler<Exchange> {
  static final String PREFIX = "/v1/projects/";
  static final String SUFFIX = "/settings";

  private final ClientIp clientIp;

  public SettingsHandler(ClientIp clientIp) {
    this.clientIp = clientIp;
  }

  @Override
  public void handle(Exchange exchange) {
    HttpServerRequest request = exchange.request();
    String path = request.path();
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String key =
        URLDecoder.decode(
            path.substring(PREFIX.length(), path.length() - SUFFIX.length()),
            StandardCharsets.UTF_8);
    try {
      Authenticated auth = WriteKeyAuth.authenticate(null, key, exchange.sources());
      exchange.source(auth.source());
      exchange.request().response().putHeader("Cache-Control", "public, max-age=60");
      exchange.json(200, Buffer.buffer(settings(key, host(request), protocol(request))));
    } catch (ApiError e) {
      exchange.fail(e);
    }
  }

  private String host(HttpServerRequest request) {
    String forwarded = trustedForwarded(request, "X-Forwarded-Host");
    if (forwarded != null) {
      return forwarded;
    }
    String host = request.getHeader("Host");
    return host != null ? host : request.authority().toString();
  }

  private String protocol(HttpServerRequest request) {
    String forwarded = trustedForwarded(request, "X-Forwarded-Proto");
    if (forwarded != null) {
      return forwarded.equalsIgnoreCase("https") ? "https" : "http";
    }
    return request.isSSL() ? "https" : "http";
  }

  /** Forwarded headers count only from a trusted proxy, like the client address. */
  private String trustedForwarded(HttpServerRequest request, String header) {
    String value = request.getHeader(header);
    if (value == null || value.isBlank() || request.remoteAddress() == null) {
      return null;
    }
    return clientIp.trusts(request.remoteAddress().hostAddress())
        ? value.split(",")[0].trim()
        : null;
  }

  static String settings(String key, String host, String protocol) {
    StringBuilder out = new StringBuilder(512);
    out.append("{\"integrations\":{\"Segment.io\":{\"apiKey\":");
    Json.string(out, key);
    out.append(",\"apiHost\":");
    Json.string(out, host + "/v1");
    out.append(",\"protocol\":");
    Json.string(out, protocol);
    out.append(
        ",\"unbundledIntegrations\":[],\"addBundledMetadata\":true,\"maybeBundledConfigIds\":{},"
            + "\"versionSettings\":{\"version\":\"4.4.7\",\"componentTypes\":[\"browser\"]}}},"
            + "\"plan\":{\"track\":{\"__default\":{\"enabled\":true,\"integrations\":{}}},"
            + "\"identify\":{\"__default\":{\"enabled\":true}},"
            + "\"group\":{\"__default\":{\"enabled\":true}}},"
            + "\"edgeFunction\":{},\"analyticsNextEnabled\":true,\"middlewareSettings\":{},"
            + "\"enabledMiddleware\":{},\"metrics\":{\"sampleRate\":0},"
            + "\"legacyVideoPluginsEnabled\":false,\"remotePlugins\":[]}");
    return out.toString();
  }
}
