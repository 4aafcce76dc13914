package dev.sluice.gateway;

import dev.sluice.runtime.kafka.KafkaSettings;
import java.time.Duration;
import java.util.List;

/**
 * How a gateway runs (as opposed to what it routes, which is the {@code GatewayConfig}). Built with
 * {@link #builder}; every field has a default sized for a small pod.
 *
 * @param host address to listen on
 * @param port traffic port; 0 picks a free one
 * @param kafka the cluster and client properties; its {@code toString} hides their values
 * @param trustedProxies CIDRs or addresses whose {@code X-Forwarded-For} is believed
 * @param instances event loops serving traffic
 * @param maxInFlightMessages messages handed to Kafka and not yet acknowledged, at most
 * @param maxInFlightBytes bytes handed to Kafka and not yet acknowledged, at most
 * @param deliveryTimeout how long Kafka may take to acknowledge before the client gets a 503
 * @param shutdownGrace how long a graceful close waits for in-flight requests
 * @param headerTimeout how long a new connection may take to send its first request's headers, and
 *     a kept-alive one its next request's (slowloris: a byte a second never trips the idle timeout)
 * @param idleTimeout how long a connection may stay silent, in any phase, before it is closed
 * @param maxReadingRequests message-carrying requests read and parsed at once per event loop; more
 *     are answered {@code 503 overloaded} at their headers (decision 0117)
 */
public record GatewayOptions(
    String host,
    int port,
    KafkaSettings kafka,
    List<String> trustedProxies,
    int instances,
    int maxInFlightMessages,
    long maxInFlightBytes,
    Duration deliveryTimeout,
    Duration shutdownGrace,
    Duration headerTimeout,
    Duration idleTimeout,
    int maxReadingRequests) {

  /** Sized by {@code OverloadReliabilityIT} (decision 0117). */
  public static final int DEFAULT_MAX_READING_REQUESTS = 64;

  public GatewayOptions {
    trustedProxies = List.copyOf(trustedProxies);
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be at least 1");
    }
    if (maxReadingRequests < 1) {
      throw new IllegalArgumentException("maxReadingRequests must be at least 1");
    }
  }

  public static Builder builder(KafkaSettings kafka) {
    return new Builder(kafka);
  }

  /** Port 8080 on every interface, one event loop per core, bounds sized for a small pod. */
  public static final class Builder {
    private final KafkaSettings kafka;
    private String host = "0.0.0.0";
    private int port = 8080;
    private List<String> trustedProxies = List.of();
    private int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    private int maxInFlightMessages = 100_000;
    private long maxInFlightBytes = 64L << 20;
    private Duration deliveryTimeout = Duration.ofSeconds(10);
    private Duration shutdownGrace = Duration.ofSeconds(20);
    private Duration headerTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private int maxReadingRequests = DEFAULT_MAX_READING_REQUESTS;

    private Builder(KafkaSettings kafka) {
      this.kafka = kafka;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder trustedProxies(List<String> trustedProxies) {
      this.trustedProxies = trustedProxies;
      return this;
    }

    public Builder instances(int instances) {
      this.instances = instances;
      return this;
    }

    public Builder maxInFlight(int messages, long bytes) {
      this.maxInFlightMessages = messages;
      this.maxInFlightBytes = bytes;
      return this;
    }

    public Builder deliveryTimeout(Duration deliveryTimeout) {
      this.deliveryTimeout = deliveryTimeout;
      return this;
    }

    public Builder shutdownGrace(Duration shutdownGrace) {
      this.shutdownGrace = shutdownGrace;
      return this;
    }

    public Builder headerTimeout(Duration headerTimeout) {
      this.headerTimeout = headerTimeout;
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    public Builder maxReadingRequests(int maxReadingRequests) {
      this.maxReadingRequests = maxReadingRequests;
      return this;
    }

    public GatewayOptions build() {
      return new GatewayOptions(
          host,
          port,
          kafka,
          trustedProxies,
          instances,
          maxInFlightMessages,
          maxInFlightBytes,
          deliveryTimeout,
          shutdownGrace,
          headerTimeout,
          idleTimeout,
          maxReadingRequests);
    }
  }
}
