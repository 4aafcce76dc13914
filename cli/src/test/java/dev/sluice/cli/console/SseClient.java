package dev.sluice.cli.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Reads a server-sent-events stream over real HTTP and keeps its events for assertions. */
final class SseClient implements AutoCloseable {
  record Event(String name, JsonNode data) {}

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final Stream<String> lines;
  final int status;

  SseClient(String url) throws Exception {
    HttpResponse<Stream<String>> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofLines());
    status = response.statusCode();
    lines = response.body();
    Thread reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    String[] name = {null};
    try {
      lines.forEach(
          line -> {
            if (line.startsWith("event: ")) {
              name[0] = line.substring(7);
            } else if (line.startsWith("data: ")) {
              try {
                events.add(new Event(name[0], Json.mapper().readTree(line.substring(6))));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
          });
    } catch (RuntimeException e) {
      // Closed.
    }
  }

  List<Event> events(String name) {
    return events.stream().filter(e -> name.equals(e.name())).toList();
  }

  /** Every entry of every {@code messages} event, oldest first. */
  List<JsonNode> entries() {
    return events("messages").stream()
        .flatMap(e -> Stream.of(e.data().path("entries")).flatMap(a -> toList(a).stream()))
        .toList();
  }

  private static List<JsonNode> toList(JsonNode array) {
    java.util.ArrayList<JsonNode> out = new java.util.ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  @Override
  public void close() {
    lines.close();
  }
}
