package dev.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
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

  @Test
  void appliesEachValidVersionAndKeepsTheLastGoodOneOverABadEdit(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\"name\":\"first\"}");
    var config = new ConfigFile<>(file, Settings.class, new ObjectMapper());
    assertThat(config.load()).isEqualTo(new Settings("first"));

    Vertx vertx = Vertx.vertx();
    try {
      List<Settings> applied = new CopyOnWriteArrayList<>();
      config.watch(vertx, 50, applied::add);

      Files.writeString(file, "{\"name\": broken");
      Files.writeString(dir.resolve("marker"), "");
      Files.writeString(file, "{\"name\":\"second\"}");
      await().atMost(Duration.ofSeconds(10)).until(() -> applied.contains(new Settings("second")));
      assertThat(applied).doesNotContainNull().allMatch(s -> !s.name().startsWith("broken"));
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
