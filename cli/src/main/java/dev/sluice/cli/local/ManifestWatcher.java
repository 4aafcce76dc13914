package dev.sluice.cli.local;

import dev.sluice.cli.manifest.ManifestFolder;
import java.time.Duration;
import java.util.SortedMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a manifest folder and hands on its content once it has changed and then held still for one
 * more poll, so that an editor's save (often a write, a rename and a chmod) or a {@code git
 * checkout} of many files is applied once, whole. Polling rather than a WatchService: it sees
 * changes in sub-folders, on network mounts and through symlinks alike, and the folders are small.
 */
final class ManifestWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ManifestWatcher.class);

  private final ManifestFolder folder;
  private final Duration interval;
  private final Consumer<SortedMap<String, String>> onChange;
  private final ScheduledExecutorService scheduler;
  private SortedMap<String, String> applied;
  private SortedMap<String, String> pending;

  ManifestWatcher(
      ManifestFolder folder,
      Duration interval,
      SortedMap<String, String> applied,
      Consumer<SortedMap<String, String>> onChange) {
    this.folder = folder;
    this.interval = interval;
    this.applied = applied;
    this.onChange = onChange;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "sluice-manifest-watcher");
              thread.setDaemon(true);
              return thread;
            });
  }

  void start() {
    scheduler.scheduleWithFixedDelay(
        this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void poll() {
    SortedMap<String, String> now;
    try {
      now = folder.read();
    } catch (RuntimeException e) {
      LOG.warn("could not read {}: {}", folder.dir(), e.getMessage());
      return;
    }
    if (now.equals(applied)) {
      pending = null;
      return;
    }
    if (!now.equals(pending)) {
      pending = now; // Changed: wait for it to hold still for one more poll.
      return;
    }
    applied = now;
    pending = null;
    try {
      onChange.accept(now);
    } catch (RuntimeException e) {
      // Applied stays as read, so a failure is reported once, not on every poll.
      LOG.error("could not apply the change in {}: {}", folder.dir(), e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
