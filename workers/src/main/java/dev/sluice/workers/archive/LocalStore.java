package dev.sluice.workers.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files in a local directory: written under a hidden name beside their final place, then renamed
 * atomically and the directory synced, so a reader never sees half a file and a crash leaves none.
 */
final class LocalStore implements ArchiveStore {
  private final Path root;

  LocalStore(Path root) {
    this.root = root;
  }

  @Override
  public Path staging(String key) throws IOException {
    Path target = root.resolve(key);
    Files.createDirectories(target.getParent());
    return target.resolveSibling("." + target.getFileName() + ".tmp");
  }

  @Override
  public void publish(Path staged, String key) throws IOException {
    Path target = root.resolve(key);
    Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a directory; the rename itself is still atomic.
    }
  }

  @Override
  public void close() {}
}
