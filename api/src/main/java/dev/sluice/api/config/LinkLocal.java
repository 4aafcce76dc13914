package dev.sluice.api.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Link-local and cloud metadata addresses, which a webhook may not reach unless its Destination
 * allows it: 169.254.0.0/16 (IPv4 link-local, with the metadata endpoint 169.254.169.254 of AWS,
 * GCP, Azure and others), fe80::/10 (IPv6 link-local) and fd00:ec2::254 (AWS's IPv6 metadata
 * endpoint). Private ranges (10/8, 172.16/12, 192.168/16, fc00::/7) stay allowed: sending to
 * cluster-internal services is the point of a webhook.
 */
public final class LinkLocal {
  private static final byte[] AWS_IPV6_METADATA = literal("fd00:ec2::254").getAddress();

  private LinkLocal() {}

  /** Why {@code address} is refused, or null when it is allowed. */
  public static String refused(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address && (b[0] & 0xff) == 169 && (b[1] & 0xff) == 254) {
      return address.getHostAddress() + " is a link-local (cloud metadata) address";
    }
    if (address instanceof Inet6Address) {
      if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
        return address.getHostAddress() + " is an IPv6 link-local address";
      }
      if (java.util.Arrays.equals(b, AWS_IPV6_METADATA)) {
        return address.getHostAddress() + " is a cloud metadata address";
      }
    }
    return null;
  }

  /**
   * Why the URL's host is refused when it is an IP literal (no name is resolved here), else null.
   */
  public static String refusedLiteral(String url) {
    if (url == null) {
      return null; // the URL's own rule reports it
    }
    String host;
    try {
      host = URI.create(url).getHost();
    } catch (IllegalArgumentException e) {
      return null; // the URL's own rule reports it
    }
    InetAddress address = host == null || !isLiteral(host) ? null : literal(host);
    return address == null ? null : refused(address);
  }

  /** Dotted decimal with four parts, or a bracketed IPv6 literal: nothing that needs a lookup. */
  static boolean isLiteral(String host) {
    return host.startsWith("[") || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  private static InetAddress literal(String host) {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    try {
      // A literal: getByName parses it and does no lookup.
      return InetAddress.getByName(bare);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
