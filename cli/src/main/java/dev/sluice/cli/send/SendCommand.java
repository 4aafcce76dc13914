package dev.sluice.cli.send;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.message.MessageJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Sends one message (or a batch file) to a gateway and prints its answer. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {
      "Send one message to a Sluice gateway and print the answer.",
      "Exit code 0 when the gateway answers 2xx, 1 otherwise."
    })
public final class SendCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--url",
      defaultValue = "http://127.0.0.1:8080",
      description = "Gateway base URL (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(
      names = {"-k", "--write-key"},
      required = true,
      description = "The Source's write key (sent as HTTP Basic user name).")
  String writeKey;

  @Option(
      names = {"-t", "--type"},
      description = "Message type: ${COMPLETION-CANDIDATES} (default: track, or the file's type).")
  MessageType type;

  @Option(names = "--user-id", description = "userId.")
  String userId;

  @Option(names = "--anonymous-id", description = "anonymousId.")
  String anonymousId;

  @Option(
      names = {"-e", "--event"},
      description = "Event name (track).")
  String event;

  @Option(names = "--properties", description = "properties as a JSON object.")
  String properties;

  @Option(names = "--traits", description = "traits as a JSON object (identify, group).")
  String traits;

  @Option(names = "--context", description = "context as a JSON object.")
  String context;

  @Option(names = "--group-id", description = "groupId (group).")
  String groupId;

  @Option(names = "--previous-id", description = "previousId (alias).")
  String previousId;

  @Option(names = "--name", description = "Page or screen name.")
  String name;

  @Option(
      names = {"-f", "--file"},
      description =
          "A JSON file holding the message (options above override its fields), or a batch"
              + " {\"batch\":[...]} sent to /v1/batch.")
  Path file;

  @Option(
      names = "--timeout",
      defaultValue = "10",
      description = "Seconds to wait for the answer (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    ObjectNode body = buildBody();
    String path = body.has("batch") ? "/v1/batch" : "/v1/" + body.path("type").asText();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(stripSlash(url) + path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Authorization", basic(writeKey))
            .POST(
                HttpRequest.BodyPublishers.ofString(MessageJson.mapper().writeValueAsString(body)))
            .build();
    HttpResponse<String> response;
    try {
      response =
          HttpClient.newBuilder()
              .connectTimeout(timeout)
              .build()
              .send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      spec.commandLine()
          .getErr()
          .println("Could not reach " + request.uri() + ": " + describe(e) + " (is it running?)");
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(response.statusCode() + " " + response.body());
    out.flush();
    return response.statusCode() / 100 == 2 ? 0 : 1;
  }

  /** The message to send: the file's fields (if any), then the options on top. */
  ObjectNode buildBody() throws IOException {
    ObjectNode body = MessageJson.mapper().createObjectNode();
    if (file != null) {
      JsonNode fromFile = parse("--file " + file, Files.readString(file));
      body = (ObjectNode) fromFile;
      if (body.has("batch")) {
        return body;
      }
    }
    MessageType effective =
        type != null
            ? type
            : body.hasNonNull("type") ? MessageType.parse(spec, body.get("type").asText()) : null;
    if (effective == null) {
      effective = MessageType.track;
    }
    body.put("type", effective.name());
    putText(body, "userId", userId);
    putText(body, "anonymousId", anonymousId);
    putText(body, "event", event);
    putText(body, "groupId", groupId);
    putText(body, "previousId", previousId);
    putText(body, "name", name);
    putObject(body, "properties", properties);
    putObject(body, "traits", traits);
    putObject(body, "context", context);
    return body;
  }

  private void putText(ObjectNode body, String field, String value) {
    if (value != null) {
      body.put(field, value);
    }
  }

  private void putObject(ObjectNode body, String field, String json) {
    if (json != null) {
      JsonNode node = parse("--" + field, json);
      body.set(field, node);
    }
  }

  private ObjectNode parse(String what, String json) {
    try {
      JsonNode node = MessageJson.mapper().readTree(json);
      if (node == null || !node.isObject()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), what + " must be a JSON object, got: " + json);
      }
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), what + " is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static String basic(String key) {
    return "Basic "
        + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The six Segment message types, spelled as on the wire. */
  @SuppressWarnings("java:S115")
  public enum MessageType {
    track,
    identify,
    page,
    screen,
    group,
    alias;

    static MessageType parse(CommandLine.Model.CommandSpec spec, String text) {
      try {
        return valueOf(text);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "unknown message type in --file: " + text);
      }
    }
  }
}
