package dev.sluice.workers.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting the runtime fails with a message that says what to install or run. */
class RuntimeProcessTest {
  @TempDir Path temp;

  private Path runtimeWithPackages() throws Exception {
    Files.createDirectories(temp.resolve("src"));
    Files.writeString(temp.resolve("src/main.js"), "");
    Files.createDirectories(temp.resolve("node_modules/@segment/action-destinations"));
    return temp;
  }

  @Test
  void withoutNodeItNamesNode20() throws Exception {
    Path dir = runtimeWithPackages();
    assertThatThrownBy(
            () -> RuntimeProcess.start(dir, Map.of(), 0, temp.resolve("no-such-node").toString()))
        .isInstanceOf(RuntimeProcess.StartException.class)
        .hasMessageContaining("need Node.js 20")
        .hasMessageContaining("npm ci --ignore-scripts");
  }

  @Test
  void anOlderNodeIsNamed() throws Exception {
    Path dir = runtimeWithPackages();
    Path fake = temp.resolve("node18");
    Files.writeString(fake, "#!/bin/sh\necho v18.19.0\n");
    assertThat(fake.toFile().setExecutable(true)).isTrue();
    assertThatThrownBy(() -> RuntimeProcess.start(dir, Map.of(), 0, fake.toString()))
        .hasMessageContaining("need Node.js 20 (found v18.19.0)");
  }

  @Test
  void withoutItsPackagesItSaysToInstallThem() throws Exception {
    Files.createDirectories(temp.resolve("src"));
    Files.writeString(temp.resolve("src/main.js"), "");
    assertThatThrownBy(() -> RuntimeProcess.start(temp, Map.of()))
        .hasMessageContaining("run `npm ci --ignore-scripts` in");
  }
}
