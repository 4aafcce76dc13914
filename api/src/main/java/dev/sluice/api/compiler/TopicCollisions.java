package dev.sluice.api.compiler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generated topic names join namespace and name with dots, and a Source's name may itself hold
 * dots: Source {@code web.rejected} would log into Source {@code web}'s rejected topic, and Source
 * {@code orders.dlq} into Destination {@code orders}' dead-letter topic. Each Source involved gets
 * an error (Destination names hold no dots, so one always is). Kafka also caps a name at 249
 * characters.
 */
final class TopicCollisions {
  static final int MAX_TOPIC_NAME = 249;

  private TopicCollisions() {}

  private record Use(String topic, String role, Findings owner, boolean isSource) {}

  static void check(
      List<SourceCompiler.Compiled> sources, List<DestinationCompiler.Compiled> destinations) {
    List<Use> uses = new ArrayList<>();
    for (SourceCompiler.Compiled source : sources) {
      Findings f = source.findings();
      uses.add(new Use(source.topic().name(), "the topic of Source " + f.name(), f, true));
      uses.add(
          new Use(
              source.rejectedTopic().name(), "the rejected topic of Source " + f.name(), f, true));
    }
    for (DestinationCompiler.Compiled destination : destinations) {
      Findings f = destination.findings();
      uses.add(
          new Use(
              Names.deadLetterTopic(f.namespace(), f.name()),
              "the dead-letter topic of Destination " + f.name(),
              f,
              false));
    }
    Map<String, List<Use>> byTopic = new LinkedHashMap<>();
    for (Use use : uses) {
      byTopic.computeIfAbsent(use.topic(), t -> new ArrayList<>()).add(use);
      if (use.isSource() && use.topic().length() > MAX_TOPIC_NAME) {
        use.owner()
            .error(
                "metadata.name",
                "the name is too long: "
                    + use.role()
                    + " would have "
                    + use.topic().length()
                    + " characters, and Kafka allows "
                    + MAX_TOPIC_NAME);
      }
    }
    for (List<Use> same : byTopic.values()) {
      if (same.size() < 2) {
        continue;
      }
      for (Use use : same) {
        if (!use.isSource()) {
          continue;
        }
        for (Use other : same) {
          if (other != use) {
            use.owner()
                .error(
                    "metadata.name",
                    use.role()
                        + " would be "
                        + use.topic()
                        + ", which is also "
                        + other.role()
                        + "; rename this Source");
          }
        }
      }
    }
  }
}
