package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.runtime.kafka.KafkaSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayOptionsTest {
  @Test
  void kafkaCredentialsNeverShowInToString() {
    GatewayOptions options =
        GatewayOptions.builder(
                KafkaSettings.of("kafka:9092")
                    .with(Map.of("sasl.jaas.config", "PlainLoginModule password=\"hunter2\";")))
            .build();
    assertThat(options.toString()).contains("sasl.jaas.config").doesNotContain("hunter2");
  }

  @Test
  void defaultsAreSegmentsPortsAndADurableBound() {
    GatewayOptions options = GatewayOptions.builder(KafkaSettings.of("kafka:9092")).build();
    assertThat(options.port()).isEqualTo(8080);
    assertThat(options.host()).isEqualTo("0.0.0.0");
    assertThat(options.trustedProxies()).isEqualTo(List.of());
    assertThat(options.maxInFlightBytes()).isPositive();
  }
}
