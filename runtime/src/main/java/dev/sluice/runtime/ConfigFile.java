package dev.sluice.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON configuration file that the operator mounts and rewrites. It is polled (mounted ConfigMaps
 * change through symlink swaps that file watchers miss) and a new version is handed on only when it
 * parses, so a bad edit keeps the last good configuration running.
 */
public final class ConfigFile<T> {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigFile.class);

  private final Path path;
  private final Class<T> type;
  private final ObjectMapper mapper;
  private byte[] lastContent;
  private long timerId = -1;

  public ConfigFile(Path path, Class<T> type, ObjectMapper mapper) {
    this.path = path;
    this.type = type;
    this.mapper = mapper;
  }

  /** Reads and parses the file now; fails when it is missing or invalid. */
  public synchronized T load() throws IOException {
    byte[] content = Files.readAllBytes(path);
    T value = mapper.readValue(content, type);
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

  private synchronized T reloadIfChanged() {
    try {
      byte[] content = Files.readAllBytes(path);
      if (Arrays.equals(content, lastContent)) {
        return null;
      }
      T value = mapper.readValue(content, type);
      lastContent = content;
      LOG.info("configuration {} changed; applying it", path);
      return Objects.requireNonNull(value);
    } catch (IOException | RuntimeException e) {
      LOG.warn("configuration {} not applied, keeping the last good one: {}", path, e.getMessage());
      return null;
    }
  }
}
