package dev.sluice.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cli.CommandRun;
import dev.sluice.embedded.junit.SluiceInfra;
import dev.sluice.embedded.kafka.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice local --kafka host:port}: the runner uses a cluster it did not start. */
@ExtendWith(SluiceInfra.class)
class ExistingKafkaIT {
  @TempDir Path temp;

  @Test
  void runsAgainstAGivenClusterAndStartsNoBrokerOfItsOwn(EmbeddedKafka cluster) throws Exception {
    Path data = temp.resolve("data");
    Path manifests = temp.resolve("quickstart");
    Files.createDirectories(manifests);
    try (var files = Files.list(Path.of("../examples/quickstart"))) {
      for (Path file : files.toList()) {
        // Nothing of this test may land in the module's folder or reach a real port 9999.
        Files.writeString(
            manifests.resolve(file.getFileName()),
            Files.readString(file)
                .replace("http://127.0.0.1:9999/hook", "http://127.0.0.1:1/hook")
                .replace("path: .sluice/archive", "path: " + temp.resolve("archive")));
      }
    }
    StringWriter output = new StringWriter();
    try (LocalRunner runner =
        LocalRunner.start(
            new LocalRunner.Options(
                manifests,
                data,
                cluster.bootstrapServers(),
                "127.0.0.1",
                0,
                0,
                Duration.ofSeconds(1)),
            new PrintWriter(output, true))) {

      assertThat(output.toString()).contains(cluster.bootstrapServers() + " (--kafka)");
      assertThat(Files.exists(data.resolve("kafka"))).isFalse();
      // `sluice tail` finds the given cluster through the data folder.
      assertThat(new DataDir(data).bootstrapServers()).contains(cluster.bootstrapServers());
      TopicDescription topic = describe(cluster, "sluice.default.web-shop");
      assertThat(topic.partitions()).hasSize(3);

      CommandRun sent =
          CommandRun.of(
              "send",
              "--url",
              runner.gatewayUrl(),
              "-k",
              "quickstart-write-key",
              "-e",
              "Order Completed",
              "--user-id",
              "u-1");
      assertThat(sent.exitCode()).as(sent.err()).isZero();
    }
    assertThat(new DataDir(data).bootstrapServers()).isEmpty();
  }

  private static TopicDescription describe(EmbeddedKafka cluster, String topic) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .get(topic);
    }
  }
}
