package dev.sluice.cli.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A loopback server standing in for Amplitude, Mixpanel, HubSpot, ...: the actions runtime's https
 * requests are rerouted to it (test only), with the host they were meant for in {@code
 * X-Sluice-Original-Host}. Records every request and answers what the test's function says.
 */
final class FakeVendor implements AutoCloseable {
  record Request(
      String method, String host, String path, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /**
   * @param delayMillis how long to wait before answering (a timeout test waits longer than the
   *     Destination allows)
   */
  record Answer(int status, String body, long delayMillis) {
    static Answer ok(String body) {
      return new Answer(200, body, 0);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private volatile Function<Request, Answer> answers = r -> Answer.ok("{}");

  FakeVendor() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  void answer(Function<Request, Answer> function) {
    this.answers = function;
  }

  int port() {
    return server.getAddress().getPort();
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  synchronized List<Request> requestsTo(String host, String path) {
    return requests.stream()
        .filter(r -> r.host().equals(host) && r.path().startsWith(path))
        .toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new TreeMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String host = headers.getOrDefault("x-sluice-original-host", "127.0.0.1");
    Request request =
        new Request(
            exchange.getRequestMethod(), host, exchange.getRequestURI().toString(), headers, body);
    synchronized (this) {
      requests.add(request);
    }
    Answer answer = answers.apply(request);
    try {
      if (answer.delayMillis() > 0) {
        Thread.sleep(answer.delayMillis()); // the slow vendor a timeout test needs
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the runtime gave up waiting (the timeout case): nothing to answer
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
