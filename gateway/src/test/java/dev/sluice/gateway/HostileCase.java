package dev.sluice.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/** One line of the hostile-request corpus (src/test/resources/hostile, format in its README). */
record HostileCase(String file, JsonNode spec) {
  static final String KEY = "wk_hostile";
  private static final ObjectMapper JSON = new ObjectMapper();

  static List<HostileCase> all() {
    try {
      Path dir = Path.of(HostileCase.class.getResource("/hostile").toURI());
      List<HostileCase> cases = new ArrayList<>();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
          for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
              String name = file.getFileName().toString().replace(".jsonl", "");
              cases.add(new HostileCase(name, JSON.readTree(line)));
            }
          }
        }
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  String name() {
    return spec.path("name").asText();
  }

  int status() {
    return spec.path("status").asInt();
  }

  /** The error body's code, or null when the answer has none. */
  String code() {
    JsonNode code = spec.path("code");
    return code.isTextual() ? code.textValue() : null;
  }

  List<String> rejected() {
    List<String> codes = new ArrayList<>();
    spec.path("rejected").forEach(c -> codes.add(c.asText()));
    return codes;
  }

  /** The raw request's bytes up to the body, and the body, ready to send. */
  record Wire(byte[] head, byte[] body, boolean chunked, int paceChunk, int paceMillis) {}

  Wire wire() {
    if (spec.has("raw")) {
      return new Wire(
          spec.get("raw").asText().getBytes(StandardCharsets.ISO_8859_1), new byte[0], false, 0, 0);
    }
    String method = spec.path("method").asText("POST");
    byte[] body = body();
    boolean chunked = spec.path("chunked").asBoolean(false);
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(spec.path("path").asText());
    if (spec.has("pathParts")) {
      head.append(new String(parts(spec.get("pathParts")), StandardCharsets.UTF_8));
    }
    head.append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    boolean hasKeyHeader = false;
    for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("headers").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> h = it.next();
      head.append(h.getKey()).append(": ").append(h.getValue().asText()).append("\r\n");
      hasKeyHeader |= isKeyHeader(h.getKey());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("headersParts").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> h = it.next();
      head.append(h.getKey())
          .append(": ")
          .append(new String(parts(h.getValue()), StandardCharsets.ISO_8859_1))
          .append("\r\n");
      hasKeyHeader |= isKeyHeader(h.getKey());
    }
    for (int i = 0; i < spec.path("manyHeaders").asInt(0); i++) {
      head.append("X-H").append(i).append(": vvvvvvvvvvvvvvvv\r\n");
    }
    if (spec.path("auth").asBoolean(true) && !hasKeyHeader) {
      head.append("Authorization: ").append(TestGateway.basic(KEY)).append("\r\n");
    }
    boolean bodyless = body.length == 0 && !spec.has("contentLength") && !method.equals("POST");
    if (!bodyless) {
      head.append("Content-Type: application/json\r\n");
      if (chunked) {
        head.append("Transfer-Encoding: chunked\r\n");
      } else {
        head.append("Content-Length: ")
            .append(spec.has("contentLength") ? spec.get("contentLength").asLong() : body.length)
            .append("\r\n");
      }
    }
    head.append("\r\n");
    return new Wire(
        head.toString().getBytes(StandardCharsets.ISO_8859_1),
        body,
        chunked,
        spec.path("pace").path("chunk").asInt(0),
        spec.path("pace").path("pauseMillis").asInt(0));
  }

  private static boolean isKeyHeader(String name) {
    return name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("X-Write-Key");
  }

  private byte[] body() {
    byte[] body;
    if (spec.has("bodyParts")) {
      body = parts(spec.get("bodyParts"));
    } else {
      body = spec.path("body").asText("").getBytes(StandardCharsets.UTF_8);
    }
    int gzip =
        spec.path("gzip").isBoolean()
            ? (spec.get("gzip").asBoolean() ? 1 : 0)
            : spec.path("gzip").asInt(0);
    for (int i = 0; i < gzip; i++) {
      body = gzip(body);
    }
    int truncate = spec.path("truncate").asInt(0);
    return truncate > 0 ? java.util.Arrays.copyOf(body, body.length - truncate) : body;
  }

  private static byte[] parts(JsonNode parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (JsonNode part : parts) {
      if (part.has("text")) {
        out.writeBytes(part.get("text").asText().getBytes(StandardCharsets.UTF_8));
      } else if (part.has("hex")) {
        out.writeBytes(HexFormat.of().parseHex(part.get("hex").asText()));
      } else {
        byte[] unit = part.get("repeat").asText().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < part.get("times").asInt(); i++) {
          out.write(unit, 0, unit.length);
        }
      }
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return file + ": " + name();
  }
}
