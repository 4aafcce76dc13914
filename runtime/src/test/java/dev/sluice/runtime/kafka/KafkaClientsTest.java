package dev.sluice.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
  final KafkaSettings kafka =
      new KafkaSettings(
          "kafka:9092",
          Map.of(
              "enable.auto.commit", "true",
              "group.id", "theirs",
              "security.protocol", "SASL_SSL",
              "sasl.jaas.config", "secret"));

  @Test
  void aPropertiesFileAddsSecurityButCannotTurnOnAutoCommitOrMoveTheGroup() {
    Map<String, Object> consumer =
        KafkaClients.workerConsumer(kafka, "sluice.shop.hook", "hook", null);
    assertThat(consumer)
        .containsEntry("enable.auto.commit", false)
        .containsEntry("group.id", "sluice.shop.hook")
        .containsEntry("group.protocol", "classic")
        .containsEntry(
            "partition.assignment.strategy",
            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("session.timeout.ms", 10_000)
        .containsEntry("heartbeat.interval.ms", 3_000)
        .doesNotContainKey("group.instance.id");
  }

  @Test
  void aPropertiesFileMayChangeTheSessionTimeout() {
    KafkaSettings theirs =
        new KafkaSettings(
            "kafka:9092", Map.of("session.timeout.ms", "30000", "heartbeat.interval.ms", "9000"));
    assertThat(KafkaClients.workerConsumer(theirs, "g", "hook", null))
        .containsEntry("session.timeout.ms", "30000")
        .containsEntry("heartbeat.interval.ms", "9000");
  }

  @Test
  void theInstanceIdMakesAStaticMemberAndOnlyItDoes() {
    KafkaSettings theirs =
        new KafkaSettings("kafka:9092", Map.of("group.instance.id", "copied-everywhere"));
    assertThat(KafkaClients.workerConsumer(theirs, "g", "hook", "hook-7d9f-x2"))
        .containsEntry("group.instance.id", "hook-7d9f-x2");
    assertThat(KafkaClients.workerConsumer(theirs, "g", "hook", null))
        .doesNotContainKey("group.instance.id");
  }

  @Test
  void anotherClustersProducerNeverGetsSluicesCredentials() {
    Map<String, Object> own =
        KafkaClients.destinationProducer(kafka, null, Map.of("linger.ms", "1"), "out");
    Map<String, Object> other =
        KafkaClients.destinationProducer(kafka, "elsewhere:9092", Map.of(), "out");
    assertThat(own).containsEntry("sasl.jaas.config", "secret").containsEntry("linger.ms", "1");
    assertThat(other)
        .containsEntry("bootstrap.servers", "elsewhere:9092")
        .doesNotContainKey("sasl.jaas.config")
        .doesNotContainKey("security.protocol");
  }

  @Test
  void theGatewaysIdleProducerSendsAtOnceUnlessTheUserChoseALinger() {
    java.time.Duration timeout = java.time.Duration.ofSeconds(10);
    Map<String, Object> busy = KafkaClients.gatewayProducer(kafka, timeout, 1 << 20);
    Map<String, Object> idle = KafkaClients.gatewayIdleProducer(kafka, timeout, 1 << 20);
    assertThat(busy).containsEntry("linger.ms", 5).containsEntry("client.id", "sluice-gateway");
    assertThat(idle)
        .containsEntry("linger.ms", 0)
        .containsEntry("max.in.flight.requests.per.connection", 1)
        .containsEntry("client.id", "sluice-gateway-idle")
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true)
        .containsEntry("sasl.jaas.config", "secret");
    KafkaSettings lingering =
        new KafkaSettings("kafka:9092", Map.of("linger.ms", "20", "client.id", "quota-1"));
    assertThat(KafkaClients.gatewayIdleProducer(lingering, timeout, 1 << 20)).isNull();
    KafkaSettings named =
        new KafkaSettings(
            "kafka:9092",
            Map.of("client.id", "quota-1", "max.in.flight.requests.per.connection", "3"));
    assertThat(KafkaClients.gatewayIdleProducer(named, timeout, 1 << 20))
        .containsEntry("client.id", "quota-1")
        .containsEntry("max.in.flight.requests.per.connection", "3");
  }

  @Test
  void settingsPrintPropertyNamesOnly() {
    assertThat(kafka.toString()).contains("sasl.jaas.config").doesNotContain("secret");
  }
}
