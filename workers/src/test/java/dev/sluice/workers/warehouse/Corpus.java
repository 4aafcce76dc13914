package dev.sluice.workers.warehouse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.message.MessageJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One message of each Segment type, as the gateway logs them (test resource corpus.ndjson). */
public final class Corpus {
  private Corpus() {}

  public static List<ObjectNode> messages() {
    try (InputStream in = Corpus.class.getResourceAsStream("/warehouse/corpus.ndjson")) {
      List<ObjectNode> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          out.add((ObjectNode) MessageJson.readTree(line.getBytes(StandardCharsets.UTF_8)));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
