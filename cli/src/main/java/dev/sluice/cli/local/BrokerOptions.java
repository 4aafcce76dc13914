package dev.sluice.cli.local;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How the short-lived commands ({@code tail}, {@code replay}) find Kafka: {@code --kafka}, or the
 * broker of the running {@code sluice local} whose data folder is {@code --data-dir}. A picocli
 * mixin, so both commands take the same options with the same help.
 */
public final class BrokerOptions {
  @Option(
      names = "--kafka",
      description =
          "Kafka bootstrap servers (default: the broker of the `sluice local` using --data-dir).")
  String kafka;

  @Option(
      names = "--data-dir",
      defaultValue = DataDir.DEFAULT,
      description = "The local runner's data folder (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  /** The bootstrap servers, or null after telling {@code err} why there are none. */
  public String bootstrapServers(PrintWriter err) {
    if (kafka != null) {
      return kafka;
    }
    DataDir dir = new DataDir(dataDir);
    return dir.bootstrapServers()
        .orElseGet(
            () -> {
              err.println(
                  "No running `sluice local` found in "
                      + dir.root()
                      + " (start one, or pass --data-dir or --kafka host:port).");
              return null;
            });
  }
}
