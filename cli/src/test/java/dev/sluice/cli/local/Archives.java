package dev.sluice.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Reads a local archive Destination's published files (gzip NDJSON), as a person would. */
final class Archives {
  private Archives() {}

  /** Every archived message of this userId; files still being written are hidden, so skipped. */
  static List<JsonNode> messagesOf(Path archive, String userId) throws IOException {
    List<JsonNode> found = new ArrayList<>();
    if (!Files.exists(archive)) {
      return found;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(archive)) {
      files =
          walk.filter(p -> p.getFileName().toString().endsWith(".json.gz"))
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .toList();
    }
    for (Path file : files) {
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(
                  new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          JsonNode message = Json.mapper().readTree(line);
          if (userId.equals(message.path("userId").asText())) {
            found.add(message);
          }
        }
      }
    }
    return found;
  }
}
