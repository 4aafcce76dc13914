package dev.sluice.embedded.sink;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request the sink received, with the status it answered.
 *
 * @param headers lower-cased names, each with its values in order
 */
public record RecordedRequest(
    String method,
    String path,
    Map<String, List<String>> headers,
    byte[] body,
    int status,
    Instant receivedAt) {

  /** The first value of a header (names are case-insensitive), or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public boolean succeeded() {
    return status >= 200 && status < 300;
  }
}
