package dev.sluice.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {
  @TempDir Path dir;

  @Test
  void aGeneratedWriteKeyIsMadeOnceAndKeptAcrossRestarts() throws Exception {
    String first = new DataDir(dir).writeKey("default/web-shop");
    String again = new DataDir(dir).writeKey("default/web-shop");
    String other = new DataDir(dir).writeKey("shop/web-shop");

    assertThat(first).hasSize(32).matches("[A-Za-z0-9_-]+");
    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(Files.getPosixFilePermissions(dir.resolve("write-keys.json")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void aDamagedKeyFileIsReportedWithWhatToDo() throws Exception {
    Files.writeString(dir.resolve("write-keys.json"), "{not json");

    assertThatThrownBy(() -> new DataDir(dir).writeKey("default/web-shop"))
        .hasMessageContaining("write-keys.json")
        .hasMessageContaining("fix or delete that file");
  }

  @Test
  void theBrokerAddressIsRecordedForTailAndForgottenOnStop() {
    DataDir data = new DataDir(dir);
    assertThat(data.bootstrapServers()).isEmpty();

    data.recordBootstrapServers("127.0.0.1:1234");
    assertThat(new DataDir(dir).bootstrapServers()).contains("127.0.0.1:1234");

    data.forgetBootstrapServers();
    assertThat(data.bootstrapServers()).isEmpty();
  }
}
