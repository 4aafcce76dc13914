package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayOptionsTest {
  @Test
  void producerCredentialsNeverShowInToString() {
    GatewayOptions options =
        GatewayOptions.defaults("kafka:9092")
            .withProducerOverrides(
                Map.of("sasl.jaas.config", "PlainLoginModule required password=\"hunter2\";"));
    assertThat(options.toString()).contains("sasl.jaas.config").doesNotContain("hunter2");

    GatewayMain.Args args =
        GatewayMain.Args.parse(
            new String[] {
              "--config", "/etc/sluice/gateway.json",
              "--producer-property", "sasl.jaas.config=password=\"hunter2\""
            });
    assertThat(args.producerProperties()).containsKey("sasl.jaas.config");
    assertThat(args.toString()).doesNotContain("hunter2");
  }

  @Test
  void defaultsAreSegmentsPortsAndADurableBound() {
    GatewayOptions options = GatewayOptions.defaults("kafka:9092");
    assertThat(options.port()).isEqualTo(8080);
    assertThat(options.trustedProxies()).isEqualTo(List.of());
    assertThat(options.maxInFlightBytes()).isPositive();
  }
}
