package dev.sluice.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a gateway runs (as opposed to what it routes, which is the {@code GatewayConfig}).
 *
 * @param host address to listen on
 * @param port traffic port; 0 picks a free one
 * @param bootstrapServers Kafka
 * @param producerOverrides producer properties that replace the gateway's durable defaults
 * @param trustedProxies CIDRs or addresses whose {@code X-Forwarded-For} is believed
 * @param instances event loops serving traffic
 * @param maxInFlightMessages messages handed to Kafka and not yet acknowledged, at most
 * @param maxInFlightBytes bytes handed to Kafka and not yet acknowledged, at most
 * @param deliveryTimeout how long Kafka may take to acknowledge before the client gets a 503
 * @param shutdownGrace how long a graceful close waits for in-flight requests
 */
public record GatewayOptions(
    String host,
    int port,
    String bootstrapServers,
    Map<String, Object> producerOverrides,
    List<String> trustedProxies,
    int instances,
    int maxInFlightMessages,
    long maxInFlightBytes,
    Duration deliveryTimeout,
    Duration shutdownGrace) {

  public GatewayOptions {
    producerOverrides = Map.copyOf(producerOverrides);
    trustedProxies = List.copyOf(trustedProxies);
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be at least 1");
    }
  }

  /** Producer overrides can hold credentials (sasl.jaas.config): only their names are shown. */
  @Override
  public String toString() {
    return "GatewayOptions[host="
        + host
        + ", port="
        + port
        + ", bootstrapServers="
        + bootstrapServers
        + ", producerOverrides="
        + producerOverrides.keySet()
        + ", trustedProxies="
        + trustedProxies
        + ", instances="
        + instances
        + ", maxInFlightMessages="
        + maxInFlightMessages
        + ", maxInFlightBytes="
        + maxInFlightBytes
        + ", deliveryTimeout="
        + deliveryTimeout
        + ", shutdownGrace="
        + shutdownGrace
        + "]";
  }

  /** Port 8080 on every interface, one event loop per core, bounds sized for a small pod. */
  public static GatewayOptions defaults(String bootstrapServers) {
    return new GatewayOptions(
        "0.0.0.0",
        8080,
        bootstrapServers,
        Map.of(),
        List.of(),
        Math.max(1, Runtime.getRuntime().availableProcessors()),
        100_000,
        64L << 20,
        Duration.ofSeconds(10),
        Duration.ofSeconds(20));
  }

  public GatewayOptions withHost(String value) {
    return new GatewayOptions(
        value,
        port,
        bootstrapServers,
        producerOverrides,
        trustedProxies,
        instances,
        maxInFlightMessages,
        maxInFlightBytes,
        deliveryTimeout,
        shutdownGrace);
  }

  public GatewayOptions withPort(int value) {
    return new GatewayOptions(
        host,
        value,
        bootstrapServers,
        producerOverrides,
        trustedProxies,
        instances,
        maxInFlightMessages,
        maxInFlightBytes,
        deliveryTimeout,
        shutdownGrace);
  }

  public GatewayOptions withProducerOverrides(Map<String, Object> value) {
    return new GatewayOptions(
        host,
        port,
        bootstrapServers,
        value,
        trustedProxies,
        instances,
        maxInFlightMessages,
        maxInFlightBytes,
        deliveryTimeout,
        shutdownGrace);
  }

  public GatewayOptions withTrustedProxies(List<String> value) {
    return new GatewayOptions(
        host,
        port,
        bootstrapServers,
        producerOverrides,
        value,
        instances,
        maxInFlightMessages,
        maxInFlightBytes,
        deliveryTimeout,
        shutdownGrace);
  }

  public GatewayOptions withInstances(int value) {
    return new GatewayOptions(
        host,
        port,
        bootstrapServers,
        producerOverrides,
        trustedProxies,
        value,
        maxInFlightMessages,
        maxInFlightBytes,
        deliveryTimeout,
        shutdownGrace);
  }

  public GatewayOptions withInFlightLimits(int messages, long bytes) {
    return new GatewayOptions(
        host,
        port,
        bootstrapServers,
        producerOverrides,
        trustedProxies,
        instances,
        messages,
        bytes,
        deliveryTimeout,
        shutdownGrace);
  }

  public GatewayOptions withDeliveryTimeout(Duration value) {
    return new GatewayOptions(
        host,
        port,
        bootstrapServers,
        producerOverrides,
        trustedProxies,
        instances,
        maxInFlightMessages,
        maxInFlightBytes,
        value,
        shutdownGrace);
  }

  public GatewayOptions withShutdownGrace(Duration value) {
    return new GatewayOptions(
        host,
        port,
        bootstrapServers,
        producerOverrides,
        trustedProxies,
        instances,
        maxInFlightMessages,
        maxInFlightBytes,
        deliveryTimeout,
        value);
  }
}
