package dev.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileIT {
  record Settings(String name) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static Settings parse(byte[] bytes) {
    try {
      return MAPPER.readValue(bytes, Settings.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a Settings: " + e.getMessage(), e);
    }
  }

  @Test
  void appliesEachValidVersionAndKeepsTheLastGoodOneOverABadEdit(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\"name\":\"first\"}");
    ConfigFile<Settings> config = new ConfigFile<>(file, ConfigFileIT::parse);
    assertThat(config.load()).isEqualTo(new Settings("first"));
    assertThat(config.readiness().problem()).isNull();
    assertThat(config.readiness().warning()).isNull();

    Vertx vertx = Vertx.vertx();
    try {
      List<Settings> applied = new CopyOnWriteArrayList<>();
      config.watch(vertx, 50, applied::add);

      Files.writeString(file, "{\"name\": broken");
      await().atMost(Duration.ofSeconds(10)).until(() -> config.readiness().warning() != null);
      assertThat(config.readiness().warning())
          .contains("was not applied", "not a Settings", "running the last good one");
      assertThat(config.readiness().problem()).as("still serving: ready").isNull();

      Files.writeString(file, "{\"name\":\"second\"}");
      await().atMost(Duration.ofSeconds(10)).until(() -> applied.contains(new Settings("second")));
      assertThat(applied).doesNotContainNull().allMatch(s -> !s.name().startsWith("broken"));
      assertThat(config.readiness().warning()).as("a good version clears the warning").isNull();
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
