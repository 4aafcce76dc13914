package dev.sluice.operator.kafka;

import dev.sluice.api.config.TopicConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Makes Kafka topics match their compiled {@link TopicConfig}. Calls block with a deadline: they
 * run on a reconciler thread, never on an event loop.
 */
public final class Topics {
  private static final String RETENTION_MS =
      org.apache.kafka.common.config.TopicConfig.RETENTION_MS_CONFIG;

  private final Admin admin;
  private final Duration timeout;

  public Topics(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /** Reconciles each topic in turn; the first Kafka failure stops and is thrown. */
  public List<TopicChange> ensure(Collection<TopicConfig> topics) throws TopicException {
    return ensure(topics, null);
  }

  /**
   * Like {@link #ensure(Collection)}, skipping topics {@code recent} holds and adding those that
   * now match.
   */
  public List<TopicChange> ensure(Collection<TopicConfig> topics, RecentlyEnsured recent)
      throws TopicException {
    List<TopicConfig> todo =
        topics.stream().filter(t -> recent == null || !recent.contains(t)).toList();
    if (todo.isEmpty()) {
      return List.of();
    }
    // Creating first, all in one request, is one round trip in the common case (new topics); a
    // topic that exists is then checked on its own.
    Map<String, KafkaFuture<Void>> created =
        admin.createTopics(todo.stream().map(Topics::newTopic).toList()).values();
    List<TopicChange> changes = new ArrayList<>();
    for (TopicConfig topic : todo) {
      TopicChange change;
      try {
        await(created.get(topic.name()), "create topic " + topic.name());
        change = created(topic);
      } catch (TopicException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        change = ensure(topic);
      }
      changes.add(change);
      if (recent != null && change.kind() != TopicChange.Kind.CANNOT_SHRINK) {
        recent.add(topic);
      }
    }
    return changes;
  }

  public TopicChange ensure(TopicConfig topic) throws TopicException {
    Optional<TopicDescription> existing = describe(topic.name());
    if (existing.isEmpty()) {
      return create(topic);
    }
    List<String> done = new ArrayList<>();
    int partitions = existing.get().partitions().size();
    if (topic.partitions() < partitions) {
      return new TopicChange(
          topic.name(),
          TopicChange.Kind.CANNOT_SHRINK,
          "topic "
              + topic.name()
              + " has "
              + partitions
              + " partitions; Kafka cannot reduce them to "
              + topic.partitions());
    }
    if (topic.partitions() > partitions) {
      await(
          admin
              .createPartitions(Map.of(topic.name(), NewPartitions.increaseTo(topic.partitions())))
              .all(),
          "add partitions to " + topic.name());
      done.add("partitions " + partitions + " → " + topic.partitions());
    }
    if (topic.retentionMs() >= 0) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
      Config config =
          await(
                  admin.describeConfigs(List.of(resource)).all(),
                  "read the configuration of " + topic.name())
              .get(resource);
      ConfigEntry retention = config.get(RETENTION_MS);
      String wanted = String.valueOf(topic.retentionMs());
      if (retention == null || !wanted.equals(retention.value())) {
        await(
            admin
                .incrementalAlterConfigs(
                    Map.of(
                        resource,
                        List.of(
                            new AlterConfigOp(
                                new ConfigEntry(RETENTION_MS, wanted), AlterConfigOp.OpType.SET))))
                .all(),
            "change the retention of " + topic.name());
        done.add(
            "retention.ms " + (retention == null ? "default" : retention.value()) + " → " + wanted);
      }
    }
    return done.isEmpty()
        ? new TopicChange(topic.name(), TopicChange.Kind.UNCHANGED, "")
        : new TopicChange(
            topic.name(),
            TopicChange.Kind.UPDATED,
            "topic " + topic.name() + ": " + String.join(", ", done));
  }

  /** Deletes topics; one that does not exist counts as deleted. */
  public void delete(Collection<String> names) throws TopicException {
    if (names.isEmpty()) {
      return;
    }
    Map<String, KafkaFuture<Void>> deleted = admin.deleteTopics(names).topicNameValues();
    for (String name : names) {
      try {
        await(deleted.get(name), "delete topic " + name);
      } catch (TopicException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
    }
  }

  private TopicChange create(TopicConfig topic) throws TopicException {
    try {
      await(admin.createTopics(List.of(newTopic(topic))).all(), "create topic " + topic.name());
    } catch (TopicException e) {
      if (e.getCause() instanceof TopicExistsException) {
        // Another reconcile made it in between: check it again next time.
        return new TopicChange(topic.name(), TopicChange.Kind.UNCHANGED, "");
      }
      throw e;
    }
    return created(topic);
  }

  private static NewTopic newTopic(TopicConfig topic) {
    NewTopic newTopic = new NewTopic(topic.name(), topic.partitions(), topic.replicationFactor());
    if (topic.retentionMs() >= 0) {
      newTopic.configs(Map.of(RETENTION_MS, String.valueOf(topic.retentionMs())));
    }
    return newTopic;
  }

  private static TopicChange created(TopicConfig topic) {
    return new TopicChange(
        topic.name(),
        TopicChange.Kind.CREATED,
        "created topic "
            + topic.name()
            + " with "
            + topic.partitions()
            + " partitions"
            + (topic.retentionMs() >= 0 ? ", retention.ms " + topic.retentionMs() : ""));
  }

  private Optional<TopicDescription> describe(String name) throws TopicException {
    try {
      return Optional.of(
          await(admin.describeTopics(List.of(name)).allTopicNames(), "describe topic " + name)
              .get(name));
    } catch (TopicException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private <T> T await(KafkaFuture<T> future, String what) throws TopicException {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new TopicException(
          "could not " + what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new TopicException(
          "could not " + what + " within " + timeout + " (is Kafka reachable?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TopicException("interrupted while trying to " + what, e);
    }
  }
}
