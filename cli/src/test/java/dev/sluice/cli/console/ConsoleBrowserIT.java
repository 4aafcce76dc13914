package dev.sluice.cli.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.cli.CommandRun;
import dev.sluice.cli.Json;
import dev.sluice.cli.local.LocalRunner;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.sink.RecordedRequest;
import dev.sluice.embedded.sink.RecordingSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in Debian's Chromium, driven by {@code console/frontend/e2e/console.e2e.mjs}
 * (playwright-core under node) against {@code sluice local} on the quickstart, with a loopback
 * harness the script calls to run {@code sluice send}, switch the webhook receiver and edit the
 * manifests. Screenshots of each view land in {@code target/console-screenshots/}. Skipped, with a
 * message, only when Chromium, node or the front end's packages are missing here; CI installs them.
 */
@ExtendWith(SluiceInfra.class)
class ConsoleBrowserIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path FRONTEND = Path.of("../console/frontend").toAbsolutePath().normalize();

  @TempDir static Path temp;
  static Path manifests;
  static RecordingSink sink;
  static LocalRunner runner;
  static HttpServer harness;

  @BeforeAll
  static void start(RecordingSink recording) throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "Chromium is not installed (apt-get install chromium; .ci/run does it): browser test skipped");
    assumeTrue(
        Files.isDirectory(FRONTEND.resolve("node_modules/playwright-core")),
        "console/frontend/node_modules is missing (the console module's build runs npm ci):"
            + " browser test skipped");
    sink = recording;
    sink.respondAlways(200);
    manifests = temp.resolve("quickstart");
    Files.createDirectories(manifests);
    try (Stream<Path> files = Files.list(Path.of("../examples/quickstart"))) {
      for (Path file : files.toList()) {
        Files.writeString(
            manifests.resolve(file.getFileName()),
            Files.readString(file)
                .replace("http://127.0.0.1:9999/hook", sink.url("/hook"))
                .replace("path: .sluice/archive", "path: " + temp.resolve("archive")));
      }
    }
    runner =
        LocalRunner.start(
            new LocalRunner.Options(
                manifests, temp.resolve("data"), null, "127.0.0.1", 0, 0, Duration.ofMillis(200)),
            new PrintWriter(new StringWriter(), true));
    assertThat(runner.awaitReady(Duration.ofSeconds(60))).isNull();
    harness = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    harness.createContext("/", ConsoleBrowserIT::handle);
    harness.start();
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.stop(0);
    }
    if (runner != null) {
      runner.close();
    }
  }

  @Test
  void theConsoleShowsWhatHappensInABrowser() throws Exception {
    Path shots = Path.of("target/console-screenshots").toAbsolutePath();
    Path log = Path.of("target/console-e2e.log").toAbsolutePath();
    ProcessBuilder node =
        new ProcessBuilder("node", "e2e/console.e2e.mjs")
            .directory(FRONTEND.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    node.environment().put("CONSOLE_URL", "http://127.0.0.1:" + runner.managementPort() + "/");
    node.environment().put("HARNESS_URL", "http://127.0.0.1:" + harness.getAddress().getPort());
    node.environment().put("SCREENSHOTS", shots.toString());
    node.environment().put("CHROMIUM", CHROMIUM.toString());
    Process process = node.start();
    boolean finished = process.waitFor(150, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(finished).as("the browser test finished within 150 s:\n" + output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("all checks passed");
    assertThat(shots.resolve("sources.png")).exists();
    assertThat(shots.resolve("destinations.png")).exists();
    assertThat(shots.resolve("dead-letters.png")).exists();
    assertThat(shots.resolve("problems.png")).exists();
  }

  private static void handle(HttpExchange exchange) throws IOException {
    int status = 200;
    JsonNode answer;
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      answer = route(exchange.getRequestURI().getPath(), body);
    } catch (Exception e) {
      status = 500;
      answer = Json.mapper().createObjectNode().put("error", String.valueOf(e));
    }
    byte[] bytes = Json.mapper().writeValueAsBytes(answer);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static JsonNode route(String path, byte[] body) throws Exception {
    ObjectNode out = Json.mapper().createObjectNode();
    switch (path) {
      case "/send" -> {
        JsonNode request = Json.mapper().readTree(body);
        List<String> args = new ArrayList<>(List.of("send", "--url", runner.gatewayUrl()));
        args.addAll(List.of("--write-key", "quickstart-write-key"));
        request.path("args").forEach(a -> args.add(a.asText()));
        if (request.hasNonNull("file")) {
          Path file = Files.createTempFile(temp, "send", ".json");
          Files.writeString(file, Json.mapper().writeValueAsString(request.get("file")));
          args.addAll(List.of("--file", file.toString()));
        }
        CommandRun run = CommandRun.of(args.toArray(String[]::new));
        if (run.exitCode() != 0) {
          throw new IllegalStateException("sluice send failed: " + run.out() + run.err());
        }
        out.put("out", run.out());
      }
      case "/sink" -> {
        List<RecordedRequest> delivered = sink.succeeded();
        out.put("delivered", delivered.size());
        ArrayNode bodies = out.putArray("bodies");
        delivered.forEach(r -> bodies.add(r.bodyAsString()));
      }
      case "/sink/refuse" -> sink.respondAlways(400);
      case "/sink/accept" -> sink.respondAlways(200);
      case "/manifest/break" ->
          Files.writeString(
              manifests.resolve("broken.yaml"),
              "apiVersion: sluice.dev/v1alpha1\nkind: Connection\nmetadata: {name: broken}\n"
                  + "spec:\n  sourceRef: {name: web-shop}\n  destinationRef: {name: nowhere}\n",
              StandardCharsets.UTF_8);
      case "/manifest/fix" -> Files.deleteIfExists(manifests.resolve("broken.yaml"));
      default -> throw new IllegalArgumentException("no harness route " + path);
    }
    return out;
  }
}
