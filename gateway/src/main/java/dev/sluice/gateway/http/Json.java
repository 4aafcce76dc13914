package dev.sluice.gateway.http;

/** Small JSON writing for answers, without a mapper on the hot path. */
public final class Json {
  private Json() {}

  public static String error(String code, String message) {
    StringBuilder out = new StringBuilder(64 + message.length());
    out.append("{\"success\":false,\"code\":");
    string(out, code);
    out.append(",\"message\":");
    string(out, message);
    return out.append('}').toString();
  }

  public static void string(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
