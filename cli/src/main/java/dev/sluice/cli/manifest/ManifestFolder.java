package dev.sluice.cli.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A folder of manifests, read recursively like {@code kubectl apply -R -f}: every {@code .yaml},
 * {@code .yml} and {@code .json} file, skipping hidden files and folders (such as {@code
 * .sluice/}).
 */
public final class ManifestFolder {
  private final Path dir;

  public ManifestFolder(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /**
   * Every manifest file's text by its path as the user would type it ({@code
   * examples/quickstart/source.yaml}), in a stable order.
   *
   * @throws IllegalArgumentException when the folder does not exist
   */
  public SortedMap<String, String> read() {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          Files.exists(dir) ? dir + " is not a folder" : "no folder " + dir);
    }
    SortedMap<String, String> files = new TreeMap<>();
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attrs) {
              return !folder.equals(dir) && hidden(folder)
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              if (attrs.isRegularFile() && !hidden(file) && isManifest(file)) {
                try {
                  files.put(file.toString(), Files.readString(file));
                } catch (NoSuchFileException e) {
                  // Deleted while we walked: the next read sees the folder without it.
                }
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + dir, e);
    }
    return files;
  }

  private static boolean hidden(Path path) {
    return path.getFileName() != null && path.getFileName().toString().startsWith(".");
  }

  private static boolean isManifest(Path file) {
    String name = file.getFileName().toString().toLowerCase();
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  /** For messages: how many files. */
  public static String describe(Map<String, String> files) {
    return files.size() == 1 ? "1 file" : files.size() + " files";
  }
}
