package dev.sluice.console.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.message.MessageJson;

/**
 * The console writes every answer with the messages' Jackson configuration, so a message's numbers
 * reach the browser exactly as they were logged.
 */
public final class ConsoleJson {
  private ConsoleJson() {}

  public static ObjectMapper mapper() {
    return MessageJson.mapper();
  }

  public static ObjectNode object() {
    return mapper().createObjectNode();
  }

  public static ArrayNode array() {
    return mapper().createArrayNode();
  }

  public static String encode(Object value) {
    try {
      return mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }
}
