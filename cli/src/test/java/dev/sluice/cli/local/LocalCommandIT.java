package dev.sluice.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cli.CommandRun;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice local} refuses to start with a message a person can act on. */
class LocalCommandIT {
  @TempDir Path temp;

  @Test
  void aMissingFolderIsNamed() {
    CommandRun run =
        CommandRun.of("local", temp.resolve("nowhere").toString(), "--data-dir", temp.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("sluice local could not start: no folder " + temp.resolve("nowhere"));
  }

  @Test
  void aPortInUseIsNamedWithTheOptionThatMovesIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CommandRun run =
          CommandRun.of(
              "local",
              "../examples/quickstart",
              "--data-dir",
              temp.toString(),
              // No broker is needed to find the port taken; this one is never reached.
              "--kafka",
              "127.0.0.1:1",
              "--management-port",
              Integer.toString(taken.getLocalPort()));

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err())
          .contains(
              "the management port "
                  + taken.getLocalPort()
                  + " is in use by another program; pick another with --management-port");
    }
  }
}
