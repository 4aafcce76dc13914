package dev.sluice.workers.archive;

import java.io.IOException;
import java.nio.file.Path;

/** Where finished archive files go; called on the archive's writer thread only. */
interface ArchiveStore extends AutoCloseable {

  /** A file for the writer, on the same file system as its final place where that matters. */
  Path staging(String key) throws IOException;

  /** Makes the finished, synced file durable under {@code key}; the staging file is consumed. */
  void publish(Path staged, String key) throws IOException;

  @Override
  void close();
}
