package dev.sluice.cli.local;

import dev.sluice.api.config.TopicConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Makes the topics a compilation needs exist, the way the operator does in a cluster: creates the
 * missing ones and grows those with fewer partitions than asked. It never deletes a topic or
 * shrinks one (Kafka can't), so removing a Source keeps its messages.
 */
final class TopicSync implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 30;
  private final Admin admin;

  TopicSync(String bootstrapServers) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "sluice-local-topics");
    this.admin = Admin.create(props);
  }

  /**
   * @return what was done, one line per topic created or grown
   */
  List<String> ensure(List<TopicConfig> wanted) throws Exception {
    List<String> done = new ArrayList<>();
    if (wanted.isEmpty()) {
      return done;
    }
    int brokers = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
    Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    List<NewTopic> create = new ArrayList<>();
    List<TopicConfig> present = new ArrayList<>();
    for (TopicConfig topic : wanted) {
      if (existing.contains(topic.name())) {
        present.add(topic);
        continue;
      }
      // A cluster of one broker can't hold three replicas; a local run gets what it has.
      short replicas = (short) Math.max(1, Math.min(topic.replicationFactor(), brokers));
      NewTopic newTopic = new NewTopic(topic.name(), Math.max(1, topic.partitions()), replicas);
      if (topic.retentionMs() >= 0) {
        newTopic.configs(Map.of("retention.ms", Long.toString(topic.retentionMs())));
      }
      create.add(newTopic);
    }
    if (!create.isEmpty()) {
      var results = admin.createTopics(create).values();
      for (NewTopic topic : create) {
        try {
          results.get(topic.name()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          done.add("created topic " + topic.name() + " (" + topic.numPartitions() + " partitions)");
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
    done.addAll(grow(present));
    return done;
  }

  private List<String> grow(List<TopicConfig> present) throws Exception {
    List<String> done = new ArrayList<>();
    if (present.isEmpty()) {
      return done;
    }
    Map<String, TopicDescription> descriptions =
        admin
            .describeTopics(present.stream().map(TopicConfig::name).toList())
            .allTopicNames()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<String, NewPartitions> increases = new HashMap<>();
    for (TopicConfig topic : present) {
      int has = descriptions.get(topic.name()).partitions().size();
      if (topic.partitions() > has) {
        increases.put(topic.name(), NewPartitions.increaseTo(topic.partitions()));
        done.add(
            "grew topic "
                + topic.name()
                + " from "
                + has
                + " to "
                + topic.partitions()
                + " partitions");
      }
    }
    if (!increases.isEmpty()) {
      admin.createPartitions(increases).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    return done;
  }

  @Override
  public void close() {
    admin.close();
  }
}
