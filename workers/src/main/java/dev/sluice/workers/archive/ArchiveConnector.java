package dev.sluice.workers.archive;

import dev.sluice.api.config.DestinationSettings;
import dev.sluice.workers.delivery.Connector;
import dev.sluice.workers.delivery.Delivery;
import dev.sluice.workers.delivery.SendResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends each message as one line to a gzip file per {@code <prefix>/<source>/<yyyy-mm-dd>/<hh>}
 * (UTC, by receivedAt) and rolls files by size and age. A message counts as delivered only when its
 * file is durable: synced and atomically renamed (local) or uploaded (S3); if that fails its
 * messages are retried into a later file. File I/O runs on one writer thread per connector, in
 * arrival order; the bookkeeping stays on the pipeline's context.
 */
public final class ArchiveConnector implements Connector {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveConnector.class);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);

  private final Vertx vertx;
  private final Context context;
  private final DestinationSettings.Archive settings;
  private final ExecutorService writer;
  private final ArchiveStore store;
  private final Map<String, OpenFile> open = new HashMap<>();
  private final long timer;

  /** Why the last file could not be made durable; cleared by the next one that could. */
  private volatile String problem;

  /** A file being written: its state is on the writer thread, its waiters on the context. */
  private static final class OpenFile {
    final String key;
    final long openedNanos = System.nanoTime();
    final List<Promise<SendResult>> waiting = new ArrayList<>();
    long bytes;
    Path staged;
    FileOutputStream file;
    OutputStream out;
    Exception failed;

    OpenFile(String key) {
      this.key = key;
    }
  }

  public ArchiveConnector(Vertx vertx, Context context, DestinationSettings.Archive settings) {
    this.vertx = vertx;
    this.context = context;
    this.settings = settings;
    try {
      this.store =
          settings.s3() != null
              ? new S3Store(settings.s3())
              : new LocalStore(Path.of(settings.path()));
    } catch (IOException e) {
      throw new UncheckedIOException("archive store could not be prepared: " + e.getMessage(), e);
    }
    this.writer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "sluice-archive-writer");
              t.setDaemon(true);
              return t;
            });
    long check = Math.max(50, Math.min(1000, rollInterval().toMillis() / 4));
    this.timer = vertx.setPeriodic(check, id -> context.runOnContext(v -> rollAged()));
  }

  @Override
  public boolean completesLater() {
    return true;
  }

  @Override
  public Future<SendResult> send(List<Delivery> unit) {
    return SendResult.ofEach(unit, this::append);
  }

  private Future<SendResult> append(Delivery d) {
    Promise<SendResult> promise = Promise.promise();
    String partition = partition(d);
    OpenFile file = open.computeIfAbsent(partition, p -> newFile(p));
    file.waiting.add(promise);
    file.bytes += d.body().length + 1;
    byte[] body = d.body();
    writer.execute(() -> append(file, body));
    if (file.bytes >= settings.rollBytes()) {
      roll(partition);
    }
    return promise.future();
  }

  @Override
  public String problem() {
    return problem;
  }

  @Override
  public void flush() {
    for (String partition : List.copyOf(open.keySet())) {
      roll(partition);
    }
  }

  @Override
  public Future<Void> close() {
    flush();
    vertx.cancelTimer(timer);
    Promise<Void> closed = Promise.promise();
    writer.execute(
        () -> {
          store.close();
          context.runOnContext(v -> closed.complete());
        });
    writer.shutdown();
    return closed.future();
  }

  private OpenFile newFile(String partition) {
    String name =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now())
            + "-"
            + UUID.randomUUID().toString().substring(0, 8)
            + ".json.gz";
    return new OpenFile(partition + "/" + name);
  }

  private String partition(Delivery d) {
    Instant at = d.receivedAt() == null ? Instant.now() : d.receivedAt();
    String prefix =
        settings.prefix() == null || settings.prefix().isBlank()
            ? ""
            : trim(settings.prefix()) + "/";
    String source = d.source() == null || d.source().isBlank() ? "unknown" : d.source();
    return prefix + source + "/" + DAY.format(at) + "/" + HOUR.format(at);
  }

  private static String trim(String prefix) {
    String p = prefix;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p;
  }

  private void rollAged() {
    long max = rollInterval().toNanos();
    long now = System.nanoTime();
    open.entrySet().stream()
        .filter(e -> now - e.getValue().openedNanos >= max)
        .map(Map.Entry::getKey)
        .toList()
        .forEach(this::roll);
  }

  private void roll(String partition) {
    OpenFile file = open.remove(partition);
    if (file == null) {
      return;
    }
    List<Promise<SendResult>> waiting = List.copyOf(file.waiting);
    writer.execute(
        () -> {
          SendResult result;
          try {
            finish(file);
            store.publish(file.staged, file.key);
            result = SendResult.DELIVERED;
            if (problem != null) {
              LOG.info("archive writable again: {} written", file.key);
              problem = null;
            }
            LOG.debug("archived {} messages in {}", waiting.size(), file.key);
          } catch (IOException | RuntimeException e) {
            LOG.warn(
                "archive file {} not written, its messages will be retried: {}",
                file.key,
                e.toString());
            discard(file);
            // Said in /readyz and the destination-failing gauge: the pipeline stops committing
            // (nothing of this file is done) and retries into later files until one is written.
            problem = "archive file " + file.key + " could not be written: " + e;
            result =
                new SendResult.Retryable(0, "archive " + file.key + ": " + e.getMessage(), null);
          }
          SendResult outcome = result;
          context.runOnContext(v -> waiting.forEach(p -> p.complete(outcome)));
        });
  }

  /**
   * On the writer thread. A failed file stays broken (the first error is kept, later lines are
   * skipped): its waiters are retried at the roll. Nothing is thrown, so a full disk costs one log
   * line per file, not a stack trace per message.
   */
  private void append(OpenFile file, byte[] line) {
    if (file.failed != null) {
      return;
    }
    try {
      if (file.out == null) {
        file.staged = store.staging(file.key);
        file.file = new FileOutputStream(file.staged.toFile());
        file.out = new GZIPOutputStream(new BufferedOutputStream(file.file, 1 << 16), 1 << 16);
      }
      file.out.write(line);
      file.out.write('\n');
    } catch (IOException | RuntimeException e) {
      file.failed = e;
    }
  }

  private static void finish(OpenFile file) throws IOException {
    if (file.failed != null) {
      throw new IOException(file.failed.getMessage(), file.failed);
    }
    if (file.out == null) {
      throw new IOException("file was never opened");
    }
    file.out.flush();
    ((GZIPOutputStream) file.out).finish();
    file.out.flush();
    file.file.getFD().sync();
    file.out.close();
  }

  private static void discard(OpenFile file) {
    try {
      if (file.out != null) {
        file.out.close();
      }
      if (file.staged != null) {
        Files.deleteIfExists(file.staged);
      }
    } catch (IOException e) {
      LOG.debug("could not discard {}: {}", file.staged, e.toString());
    }
  }

  private Duration rollInterval() {
    return settings.rollInterval() == null || settings.rollInterval().isZero()
        ? Duration.ofMinutes(5)
        : settings.rollInterval();
  }
}
