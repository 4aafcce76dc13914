package dev.sluice.cli.local;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.sluice.cli.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The local runner's state folder ({@code .sluice/} by default): the embedded broker's log, the
 * write keys generated for Sources that name none, and the address of the running broker so that
 * {@code sluice tail} can find it.
 */
public final class DataDir {
  /** The default folder, relative to where the command runs. */
  public static final String DEFAULT = ".sluice";

  private static final String WRITE_KEYS = "write-keys.json";
  private static final String BOOTSTRAP = "bootstrap-servers";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path root;

  public DataDir(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  public Path kafkaDir() {
    return root.resolve("kafka");
  }

  /**
   * The generated write key of a Source, made once and kept so that clients keep working across
   * restarts.
   *
   * @param sourceId {@code namespace/name}
   */
  public synchronized String writeKey(String sourceId) {
    Map<String, String> keys = readWriteKeys();
    String key = keys.get(sourceId);
    if (key == null) {
      key = newWriteKey();
      keys.put(sourceId, key);
      writeAtomically(root.resolve(WRITE_KEYS), json(keys));
    }
    return key;
  }

  /** Remembers where the broker of the running local runner answers. */
  public void recordBootstrapServers(String bootstrapServers) {
    writeAtomically(root.resolve(BOOTSTRAP), bootstrapServers + "\n");
  }

  public void forgetBootstrapServers() {
    try {
      Files.deleteIfExists(root.resolve(BOOTSTRAP));
    } catch (IOException e) {
      // Only a hint for `sluice tail`; a stale one is reported there.
    }
  }

  public Optional<String> bootstrapServers() {
    Path file = root.resolve(BOOTSTRAP);
    try {
      return Files.exists(file)
          ? Optional.of(Files.readString(file).trim()).filter(s -> !s.isEmpty())
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  /** 32 URL-safe characters: 192 random bits. */
  static String newWriteKey() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private Map<String, String> readWriteKeys() {
    Path file = root.resolve(WRITE_KEYS);
    if (!Files.exists(file)) {
      return new TreeMap<>();
    }
    try {
      return new TreeMap<>(
          Json.mapper().readValue(file.toFile(), new TypeReference<Map<String, String>>() {}));
    } catch (IOException e) {
      throw new IllegalStateException(
          "could not read the generated write keys in "
              + file
              + " ("
              + e.getMessage()
              + "); fix or delete that file (deleting it generates new keys)",
          e);
    }
  }

  private static String json(Map<String, String> keys) {
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(keys) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Write keys are credentials: readable by their owner only, where the file system can say so.
  private static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the folder's own permissions apply.
    }
  }

  // A crash mid-write must not leave a half-written key file: write aside, then rename.
  private void writeAtomically(Path file, String content) {
    try {
      Files.createDirectories(root);
      Path temp = Files.createTempFile(root, file.getFileName().toString(), ".tmp");
      ownerOnly(temp);
      Files.writeString(temp, content);
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }
}
