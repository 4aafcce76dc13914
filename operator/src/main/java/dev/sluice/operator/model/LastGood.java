package dev.sluice.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.config.ConfigJson;
import dev.sluice.api.config.GatewayConfig;
import dev.sluice.api.config.WorkerConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the last good configuration of a Connection or Source whose latest edit does not compile (a
 * CEL typo must not stop its deliveries, a bad CORS origin must not take its route away): the
 * compiled configuration gets that resource's entry from the configuration running now. The records
 * are merged as JSON trees, so this class names only the list and its key, not every field of the
 * records.
 */
public final class LastGood {
  /** Only reads and re-renders trees that {@link ConfigJson} wrote and reads back. */
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private LastGood() {}

  /**
   * @param running the configuration the worker runs now (its Secret's file), or null
   * @param broken Connections that exist but whose spec does not compile
   */
  public static WorkerConfig worker(WorkerConfig compiled, String running, Set<String> broken) {
    return merge(compiled, WorkerConfig.class, "connections", running, broken);
  }

  /**
   * The gateway's route table with the last good route of each Source whose latest edit does not
   * compile, so its clients keep being answered.
   *
   * @param running the route table the gateway runs now (its ConfigMap's file), or null
   * @param broken Sources that exist but whose spec does not compile
   */
  public static GatewayConfig gateway(GatewayConfig compiled, String running, Set<String> broken) {
    return merge(compiled, GatewayConfig.class, "sources", running, broken);
  }

  /** Adds to {@code list} the running entries of {@code broken} names that the compiled lacks. */
  private static <T> T merge(
      T compiled, Class<T> type, String list, String running, Set<String> broken) {
    if (running == null || broken.isEmpty()) {
      return compiled;
    }
    JsonNode previous;
    try {
      previous = MAPPER.readTree(running);
    } catch (Exception e) {
      // Not ours or damaged: nothing to keep.
      return compiled;
    }
    ObjectNode tree;
    try {
      tree = (ObjectNode) MAPPER.readTree(ConfigJson.write(compiled));
    } catch (Exception e) {
      throw new IllegalStateException("ConfigJson wrote what it cannot read", e);
    }
    ArrayNode entries = (ArrayNode) tree.get(list);
    Set<String> present = new HashSet<>();
    entries.forEach(c -> present.add(c.path("name").asText()));
    List<JsonNode> merged = new ArrayList<>();
    entries.forEach(merged::add);
    previous
        .path(list)
        .forEach(
            c -> {
              String name = c.path("name").asText();
              if (broken.contains(name) && !present.contains(name)) {
                merged.add(c);
              }
            });
    if (merged.size() == entries.size()) {
      return compiled;
    }
    merged.sort(Comparator.comparing(c -> c.path("name").asText()));
    entries.removeAll();
    entries.addAll(merged);
    return ConfigJson.read(tree.toString(), type);
  }
}
