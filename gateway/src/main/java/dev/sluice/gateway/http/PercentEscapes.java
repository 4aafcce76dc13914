package dev.sluice.gateway.http;

/**
 * Whether every {@code %} in a request URI starts a proper escape ({@code %} and two hex digits).
 */
public final class PercentEscapes {
  private PercentEscapes() {}

  public static boolean valid(String uri) {
    int i = uri.indexOf('%');
    while (i >= 0) {
      if (i + 2 >= uri.length() || !hex(uri.charAt(i + 1)) || !hex(uri.charAt(i + 2))) {
        return false;
      }
      i = uri.indexOf('%', i + 3);
    }
    return true;
  }

  private static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
