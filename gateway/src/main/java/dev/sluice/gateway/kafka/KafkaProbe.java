package dev.sluice.gateway.kafka;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether Kafka answers, checked every few seconds without blocking anyone: the admin client's
 * futures complete on its own thread and only set a flag that readiness reads.
 */
public final class KafkaProbe {
  private final Admin admin;
  private final Vertx vertx;
  private final long timerId;
  private volatile String problem = "Kafka not checked yet";

  /**
   * @param adminConfig the admin client's settings (bootstrap servers, security)
   */
  public KafkaProbe(Vertx vertx, Map<String, Object> adminConfig, Duration interval) {
    this.vertx = vertx;
    Map<String, Object> config = new HashMap<>(adminConfig);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    this.admin = Admin.create(config);
    check();
    this.timerId = vertx.setPeriodic(interval.toMillis(), id -> check());
  }

  private void check() {
    admin
        .describeCluster(new DescribeClusterOptions().timeoutMs(3000))
        .nodes()
        .whenComplete(
            (nodes, error) -> {
              if (error != null) {
                problem = "Kafka is not reachable: " + error.getMessage();
              } else if (nodes.isEmpty()) {
                problem = "Kafka reports no brokers";
              } else {
                problem = null;
              }
            });
  }

  /** Null when Kafka answered the last check. */
  public String problem() {
    return problem;
  }

  public void close() {
    vertx.cancelTimer(timerId);
    admin.close(Duration.ofSeconds(2));
  }
}
