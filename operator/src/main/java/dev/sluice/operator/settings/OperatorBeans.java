package dev.sluice.operator.settings;

import dev.sluice.operator.events.Events;
import dev.sluice.operator.kafka.RecentlyEnsured;
import dev.sluice.operator.kafka.Topics;
import dev.sluice.operator.reconcile.Operations;
import dev.sluice.operator.status.StatusUpdate;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Wires the plain classes the reconcilers take from Quarkus configuration. */
@Singleton
public class OperatorBeans {

  @Produces
  @Singleton
  OperatorSettings settings(OperatorConfig config) {
    return config.toSettings();
  }

  /** One Admin client for the operator's lifetime; it connects lazily, on the first call. */
  @Produces
  @Singleton
  Admin admin(OperatorConfig config) {
    Properties properties = new Properties();
    config
        .kafka()
        .adminPropertiesFile()
        .ifPresent(
            file -> {
              try (Reader reader = Files.newBufferedReader(Path.of(file))) {
                properties.load(reader);
              } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
              }
            });
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
    properties.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "sluice-operator");
    return Admin.create(properties);
  }

  void close(@Disposes Admin admin) {
    admin.close();
  }

  /**
   * Leader election between operator replicas, on a Lease in the operator's own namespace (the one
   * its service account runs in). Quarkus' prod profile activates it; tests run one operator.
   */
  @Produces
  @Singleton
  LeaderElectionConfiguration leaderElection() {
    return new LeaderElectionConfiguration("sluice-operator");
  }

  @Produces
  @Singleton
  Operations operations(OperatorSettings settings, Admin admin, OperatorConfig config) {
    return new Operations(
        settings,
        new Topics(admin, config.kafka().timeout()),
        new RecentlyEnsured(Clock.systemUTC(), Duration.ofMinutes(5)),
        new StatusUpdate(Clock.systemUTC()),
        new Events(Clock.systemUTC()),
        config.kafka().topicDeletionTimeout());
  }
}
