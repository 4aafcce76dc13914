package dev.sluice.gateway.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The address a message came from: the connection's peer, or, when that peer is a trusted proxy,
 * the right-most address in {@code X-Forwarded-For} that is not itself a trusted proxy (left-hand
 * entries are whatever the client chose to write, so they are never believed).
 */
public final class ClientIp {
  private final List<Cidr> trusted;

  public ClientIp(List<String> trustedProxies) {
    List<Cidr> parsed = new ArrayList<>();
    for (String proxy : trustedProxies) {
      parsed.add(Cidr.parse(proxy));
    }
    this.trusted = List.copyOf(parsed);
  }

  public String of(HttpServerRequest request) {
    SocketAddress remote = request.remoteAddress();
    String peer = remote == null ? null : remote.hostAddress();
    if (peer == null || trusted.isEmpty() || !trusts(peer)) {
      return peer;
    }
    String forwarded = request.getHeader("X-Forwarded-For");
    if (forwarded == null || forwarded.isBlank()) {
      return peer;
    }
    String[] hops = forwarded.split(",");
    String candidate = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!isIpLiteral(hop)) {
        return candidate;
      }
      candidate = hop;
      if (!trusts(hop)) {
        return hop;
      }
    }
    return candidate;
  }

  /** Whether a peer address is one of the trusted proxies. */
  public boolean trusts(String address) {
    byte[] bytes = literal(address);
    if (bytes == null) {
      return false;
    }
    for (Cidr cidr : trusted) {
      if (cidr.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /** Only literals: a host name here must never cause a DNS lookup. */
  static boolean isIpLiteral(String value) {
    if (value.isEmpty() || value.length() > 45) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'f')
              || (c >= 'A' && c <= 'F')
              || c == '.'
              || c == ':';
      if (!ok) {
        return false;
      }
    }
    return value.indexOf('.') >= 0 || value.indexOf(':') >= 0;
  }

  static byte[] literal(String address) {
    if (!isIpLiteral(address)) {
      return null;
    }
    try {
      return InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** An address block, {@code 10.0.0.0/8}, or one address. */
  record Cidr(byte[] network, int prefix) {
    static Cidr parse(String text) {
      String trimmed = text.trim();
      int slash = trimmed.indexOf('/');
      String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
      byte[] bytes = literal(address);
      if (bytes == null) {
        throw new IllegalArgumentException(
            "trusted proxy " + text + " is not an IP address or CIDR");
      }
      int prefix = bytes.length * 8;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("trusted proxy " + text + " has a bad prefix length");
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
          throw new IllegalArgumentException("trusted proxy " + text + " has a bad prefix length");
        }
      }
      return new Cidr(bytes, prefix);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }
  }
}
