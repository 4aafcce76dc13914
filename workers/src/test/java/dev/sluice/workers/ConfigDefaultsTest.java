package dev.sluice.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.config.DeliveryPolicy;
import dev.sluice.api.config.WorkerConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigDefaultsTest {
  @Test
  void fillsWhatAFileLeavesOut() throws Exception {
    WorkerConfig parsed =
        Json.MAPPER.readValue(
            """
        {"namespace":"shop","destination":"hook","consumerGroup":"sluice.shop.hook",
         "deadLetterTopic":"sluice.shop.hook.dlq","connections":[],
         "settings":{"type":"webhook","url":"http://127.0.0.1:1/","headers":{},"batchMaxEvents":1}}
        """,
            WorkerConfig.class);

    WorkerConfig c = ConfigDefaults.normalize(parsed);

    assertThat(c.delivery()).isEqualTo(DeliveryPolicy.DEFAULTS);
    assertThat(c.ordering()).isEqualTo(WorkerConfig.Ordering.KEY);
    assertThat(c.deduplicationWindow()).isEqualTo(Duration.ZERO);
    assertThat(c.concurrency()).isPositive();
  }

  @Test
  void refusesAConfigurationWithoutSettingsNamingTheField() {
    WorkerConfig c =
        new WorkerConfig(
            "shop", "hook", null, "g", "g.dlq", null, null, 0, 0, null, null, 0, List.of());
    assertThatThrownBy(() -> ConfigDefaults.normalize(c))
        .hasMessage("worker configuration of hook: settings is required");
  }
}
