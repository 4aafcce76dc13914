package dev.sluice.operator.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook receiver on loopback that keeps every message it is sent. */
final class HookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();

  HookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            JsonNode message = JSON.readTree(body);
            if (message.has("batch")) {
              message.get("batch").forEach(received::add);
            } else {
              received.add(message);
            }
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** "type:userId" of every message received, in order. */
  List<String> received() {
    return received.stream()
        .map(m -> m.path("type").asText() + ":" + m.path("userId").asText())
        .toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
