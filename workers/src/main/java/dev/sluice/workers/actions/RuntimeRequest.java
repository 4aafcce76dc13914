package dev.sluice.workers.actions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.ActionsSettings;
import dev.sluice.workers.delivery.Delivery;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * The body of {@code POST /v1/deliver}: the destination, its settings with the OAuth tokens now in
 * use, the subscriptions, and the events as they are (their JSON is copied, not parsed). The part
 * before the events is serialized once per token change, not once per request.
 */
final class RuntimeRequest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ActionsSettings settings;
  private byte[] head;

  RuntimeRequest(ActionsSettings settings, Tokens tokens) {
    this.settings = settings;
    rebuild(tokens);
  }

  /** After the runtime refreshed a token, later requests carry the new one. */
  void rebuild(Tokens tokens) {
    ObjectNode root = JSON.createObjectNode();
    root.put("destination", settings.destination());
    ObjectNode s = root.putObject("settings");
    settings.settings().forEach(s::set);
    if (tokens != null) {
      ObjectNode oauth = s.putObject("oauth");
      oauth.put("access_token", tokens.accessToken());
      putIfSet(oauth, "refresh_token", tokens.refreshToken());
      ActionsSettings.OAuth configured = settings.oauth();
      putIfSet(oauth, "clientId", configured.clientId());
      putIfSet(oauth, "clientSecret", configured.clientSecret());
      putIfSet(oauth, "refresh_token_url", configured.refreshTokenUrl());
    }
    ArrayNode subs = root.putArray("subscriptions");
    for (ActionsSettings.Subscription sub : settings.subscriptions()) {
      ObjectNode o = subs.addObject();
      o.put("subscribe", sub.subscribe());
      o.put("partnerAction", sub.action());
      ObjectNode mapping = o.putObject("mapping");
      sub.mapping().forEach(mapping::set);
    }
    root.put("timeoutMs", settings.timeout().toMillis());
    String text = root.toString();
    head = text.substring(0, text.length() - 1).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void putIfSet(ObjectNode node, String name, String value) {
    if (value != null) {
      node.put(name, value);
    }
  }

  Buffer body(List<Delivery> unit, boolean batch) {
    int size = head.length + 32;
    for (Delivery d : unit) {
      size += d.body().length + 1;
    }
    Buffer buffer = Buffer.buffer(size).appendBytes(head);
    buffer.appendString(",\"batch\":" + batch + ",\"events\":[");
    for (int i = 0; i < unit.size(); i++) {
      if (i > 0) {
        buffer.appendByte((byte) ',');
      }
      buffer.appendBytes(unit.get(i).body());
    }
    return buffer.appendString("]}");
  }

  /** The OAuth tokens in use: from the Secret at first, then as the runtime refreshed them. */
  record Tokens(String accessToken, String refreshToken) {
    @Override
    public String toString() {
      return "Tokens[...]";
    }
  }
}
