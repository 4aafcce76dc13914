package dev.sluice.runtime;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON configuration file that the operator mounts and rewrites. It is polled (mounted ConfigMaps
 * change through symlink swaps that file watchers miss) and a new version is handed on only when it
 * parses, so a bad edit keeps the last good configuration running; the log and {@code /readyz} (as
 * a warning: the process still serves) say why it was refused.
 */
public final class ConfigFile<T> {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigFile.class);

  private final Path path;
  private final Function<byte[], T> parser;
  private byte[] lastContent;
  private volatile String refused;
  private long timerId = -1;

  /**
   * @param parser turns the file's bytes into a configuration, throwing {@link
   *     IllegalArgumentException} with a message that names the problem (never the file's values)
   */
  public ConfigFile(Path path, Function<byte[], T> parser) {
    this.path = path;
    this.parser = parser;
  }

  /** Reads and parses the file now; fails when it is missing or invalid. */
  public synchronized T load() throws IOException {
    byte[] content = Files.readAllBytes(path);
    T value = parser.apply(content);
    lastContent = content;
    return value;
  }

  /** Checks the file every {@code intervalMs} and hands each new valid version to listener. */
  public void watch(Vertx vertx, long intervalMs, Consumer<T> listener) {
    timerId =
        vertx.setPeriodic(
            intervalMs,
            id ->
                vertx
                    .executeBlocking(this::reloadIfChanged)
                    .onSuccess(
                        changed -> {
                          if (changed != null) {
                            listener.accept(changed);
                          }
                        }));
  }

  public void stop(Vertx vertx) {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
  }

  /** Ready always; warns while the newest version of the file was refused. */
  public ReadinessCheck readiness() {
    return new ReadinessCheck() {
      @Override
      public String name() {
        return "configuration";
      }

      @Override
      public String problem() {
        return null;
      }

      @Override
      public String warning() {
        return refused;
      }
    };
  }

  private synchronized T reloadIfChanged() {
    byte[] content;
    try {
      content = Files.readAllBytes(path);
    } catch (IOException e) {
      refuse("cannot be read: " + e.getMessage());
      return null;
    }
    if (Arrays.equals(content, lastContent)) {
      return null;
    }
    try {
      T value = Objects.requireNonNull(parser.apply(content));
      lastContent = content;
      refused = null;
      LOG.info("configuration {} changed; applying it", path);
      return value;
    } catch (RuntimeException e) {
      // Remember the refused bytes too, so the same bad version is reported once, not every poll.
      lastContent = content;
      refuse(e.getMessage());
      return null;
    }
  }

  private void refuse(String why) {
    String message =
        "the newest configuration in "
            + path
            + " was not applied ("
            + why
            + ")"
            + "; running the last good one";
    if (!message.equals(refused)) {
      LOG.warn("{}", message);
    }
    refused = message;
  }
}
